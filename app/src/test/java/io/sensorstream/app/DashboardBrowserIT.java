package io.sensorstream.app;

import java.io.IOException;
import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.app.testing.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by Selenium through Debian's chromedriver;
 * .ci/run installs both) against a running demo: the page loads without console errors, the sensor list fills, the
 * chart of a selected sensor has data points, an injected anomaly appears in the alert feed within seconds (the
 * seed's jump alert and the detector suite's range alert FIRING, then RESOLVED), and a screenshot is saved to
 * {@code app/target/dashboard.png}.
 */
class DashboardBrowserIT {

    @TempDir
    Path dir;

    @Test
    void dashboardShowsLiveDataAndAnInjectedAnomaly() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
                "chromium and chromedriver are not installed (.ci/run installs them)");
        int http = Ports.free();
        int kafka = Ports.free();
        Path log = dir.resolve("demo.log");
        ProcessBuilder demoBuilder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + getClass().getResource("/logback.xml"), "-cp", System.getProperty("java.class.path"),
                "io.sensorstream.app.Main", "demo", "--window", "2s", "--watermark-delay", "1s", "--rate", "10", "--sensors", "4",
                "--threshold", "30", "--http-port", Integer.toString(http), "--kafka-port", Integer.toString(kafka))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // the detector suite: a range limit the injected reading breaks, so it fires and then resolves
        demoBuilder.environment().put("SENSORSTREAM_DETECT_DETECTORS", "range");
        demoBuilder.environment().put("SENSORSTREAM_DETECT_RANGE_MAX", "90");
        Process demo = demoBuilder.start();
        ChromeDriver driver = null;
        try {
            waitFor(() -> read(log).contains("sensorstream demo started"), 120, "demo start");
            ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1400,900", "--user-data-dir=" + dir.resolve("chrome"));
            LoggingPreferences logging = new LoggingPreferences();
            logging.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logging);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                    .usingAnyFreePort().build();
            driver = new ChromeDriver(service, options);
            JavascriptExecutor js = driver;
            driver.get("http://localhost:" + http + "/");
            ChromeDriver d = driver;
            waitFor(() -> d.findElements(By.cssSelector("#sensors li[data-sensor]")).size() == 4, 60, "4 sensors listed");
            // the list re-renders on every pushed summary: find and click in one step, again if it was replaced meanwhile
            waitFor(() -> {
                d.findElement(By.cssSelector("#sensors li[data-sensor='sensor_2']")).click();
                return true;
            }, 10, "a click on sensor_2");
            waitFor(() -> ((Number) js.executeScript("return window.__dashboard.chartPoints")).intValue() > 20
                    && !d.findElements(By.cssSelector("#chart canvas")).isEmpty(), 30, "chart data points");

            // inject an anomaly: sensor_2 jumps to 95.5 (threshold 30)
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafka);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                long now = System.currentTimeMillis();
                producer.send(new ProducerRecord<>("sensor-readings-raw", "sensor_2",
                        "{\"sensor_id\":\"sensor_2\",\"temperature\":95.5,\"timestamp\":" + now + "}")).get();
            }
            long injected = System.nanoTime();
            waitFor(() -> d.findElement(By.id("alerts")).getText().contains("95.50"), 20, "the injected anomaly in the alert feed");
            System.out.printf("dashboard: injected anomaly shown after %.1f s%n", (System.nanoTime() - injected) / 1e9);
            assertThat(driver.findElement(By.id("alerts")).getText()).contains("sensor_2", "FIRING");
            waitFor(() -> !d.findElements(By.cssSelector("#alerts .alert.resolved[data-sensor='sensor_2']")).isEmpty(), 30,
                    "the range alert RESOLVED once sensor_2 is back to normal");
            assertThat(d.findElement(By.cssSelector("#alerts .alert.resolved[data-sensor='sensor_2']")).getText())
                    .contains("RESOLVED", "range", "peak score 5.50").containsIgnoringCase("critical");
            assertThat(driver.findElement(By.id("pills")).getText()).contains("RUNNING");

            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Path target = Path.of("target", "dashboard.png");
            Files.createDirectories(target.getParent());
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(errors).as("browser console errors").isEmpty();
        } finally {
            if (driver != null) driver.quit();
            demo.toHandle().destroy();
            demo.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void waitFor(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) return;
            } catch (RuntimeException e) {
                // not there yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
    }
}
