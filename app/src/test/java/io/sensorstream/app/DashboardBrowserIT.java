package io.sensorstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.app.testing.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by Selenium through Debian's chromedriver;
 * .ci/run installs both) against a running demo of 10 000 sensors with three window definitions, malformed and late
 * readings:
 * <ul>
 *   <li>the sensor list is paged from the server and virtualised (all 10 000 counted, only the visible rows in the
 *       page), searchable; every window definition is selectable on the chart;</li>
 *   <li>the alert feed follows the selected sensor; an injected anomaly appears as a jump event and a range alert
 *       FIRING then RESOLVED with its duration; the state and detector filters keep only matching alerts; a click on an
 *       alert moves the chart to it with the reading ringed;</li>
 *   <li>the overview draws all 10 000 sensors (payload and draw time printed), a click on a tile opens that sensor;</li>
 *   <li>the dead-letter view shows records with their reason and source; a fixed record re-sent from the page arrives
 *       in the input topic;</li>
 *   <li>the pipeline view shows the four partitions with their numbers;</li>
 *   <li>no console errors; a screenshot of each view in {@code app/target/dashboard-*.png}.</li>
 * </ul>
 */
class DashboardBrowserIT {

    private static final int SENSORS = 10_000;

    @TempDir
    Path dir;

    @Test
    void dashboardViewsWorkAtTenThousandSensors() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
                "chromium and chromedriver are not installed (.ci/run installs them)");
        int http = Ports.free();
        int kafka = Ports.free();
        Path log = dir.resolve("demo.log");
        Path config = dir.resolve("windows.yaml");
        Files.writeString(config, """
                window:
                  additional:
                    - {kind: hopping, size: 4s, advance: 2s}
                    - {kind: session, gap: 3s}
                """);
        ProcessBuilder demoBuilder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + getClass().getResource("/logback.xml"), "-cp", System.getProperty("java.class.path"),
                "io.sensorstream.app.Main", "demo", "--config", config.toString(), "--window", "2s", "--watermark-delay", "1s",
                "--sensors", Integer.toString(SENSORS), "--rate", "0.5", "--threshold", "30", "--malformed-fraction", "0.001",
                "--late-fraction", "0.001", "--http-port", Integer.toString(http), "--kafka-port", Integer.toString(kafka))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // the detector suite: a range limit the injected reading breaks, so it fires and then resolves
        demoBuilder.environment().put("SENSORSTREAM_DETECT_DETECTORS", "range");
        demoBuilder.environment().put("SENSORSTREAM_DETECT_RANGE_MAX", "90");
        Process demo = demoBuilder.start();
        ChromeDriver driver = null;
        try {
            waitFor(() -> read(log).contains("sensorstream demo started"), 120, "demo start");
            driver = browser(chromium, chromedriver);
            ChromeDriver d = driver;
            JavascriptExecutor js = driver;
            driver.get("http://localhost:" + http + "/");

            // --- sensor list: all counted, only the visible rows rendered, searchable
            waitFor(() -> number(js, "__dashboard.sensorsMatched") == SENSORS, 120, "all " + SENSORS + " sensors listed");
            assertThat(number(js, "__dashboard.sensorRows")).as("rows in the page (virtualised)").isBetween(1L, 200L);
            assertThat((String) js.executeScript("return __dashboard.firstHeader")).as("the first paint's input rate")
                    .contains("processor", "windows", "sensors").doesNotContain("in 0/s");
            assertThat(d.findElement(By.id("sensor-count")).getText()).isEqualTo("(10,000)");
            long scrolled = number(js, "(() => { const s = document.getElementById('sensors'); s.scrollTop = s.scrollHeight;"
                    + " return s.scrollHeight; })()");
            assertThat(scrolled).as("the list is as tall as 10 000 rows").isGreaterThanOrEqualTo(SENSORS * 30L);
            waitFor(() -> number(js, "parseInt(document.getElementById('sensor-rows').style.top)") > (SENSORS - 100) * 30L
                    && !d.findElements(By.cssSelector("#sensor-rows li[data-sensor]")).isEmpty(), 10, "the end of the list rendered");
            typeInto(js, "search", "sensor_2");
            waitFor(() -> number(js, "__dashboard.sensorsMatched") == 1111, 10, "search: sensor_2, sensor_20.., sensor_200..");
            clickWhenPresent(js, "#sensor-rows li[data-sensor='sensor_2']", 10);
            waitFor(() -> "sensor_2".equals(js.executeScript("return __dashboard.selected")), 10, "sensor_2 selected");

            // --- every window definition selectable
            List<String> windows = d.findElements(By.cssSelector("#window-select option")).stream()
                    .map(o -> o.getDomAttribute("value")).toList();
            assertThat(windows).hasSize(3);
            selectValue(js, "window-select", windows.get(1));
            waitFor(() -> d.findElement(By.id("holds")).getText().contains("“" + windows.get(1) + "”")
                    && number(js, "__dashboard.chartPoints") > 3, 30, "the hopping window's series");
            selectValue(js, "window-select", windows.get(0));
            waitFor(() -> number(js, "__dashboard.chartPoints") > 3 && !d.findElements(By.cssSelector("#chart canvas")).isEmpty()
                    && d.findElements(By.cssSelector("#results tbody tr")).size() > 1, 30, "chart and results of sensor_2");
            assertThat(d.findElement(By.id("holds")).getText()).contains("raw readings since").containsPattern("the last \\d+ per sensor");

            // --- alert feed following sensor_2; an injected anomaly
            clickWhenPresent(js, "#f-follow", 5);
            waitFor(() -> "sensor_2".equals(d.findElement(By.id("f-sensor")).getDomProperty("value")), 5, "the filter follows sensor_2");
            long injectedAt = System.currentTimeMillis();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafka);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("sensor-readings-raw", "sensor_2",
                        "{\"sensor_id\":\"sensor_2\",\"temperature\":95.5,\"timestamp\":" + injectedAt + "}")).get();
            }
            long injected = System.nanoTime();
            waitFor(() -> d.findElement(By.id("alerts")).getText().contains("95.50"), 30, "the injected anomaly in the alert feed");
            System.out.printf("dashboard: injected anomaly shown after %.1f s%n", (System.nanoTime() - injected) / 1e9);
            waitFor(() -> !d.findElements(By.cssSelector("#alerts .alert[data-state='RESOLVED']")).isEmpty(), 60,
                    "the range alert RESOLVED once sensor_2 is back to normal");
            assertThat(cards(d)).as("only sensor_2's alerts while following it")
                    .allSatisfy(c -> assertThat(c.getDomAttribute("data-sensor")).isEqualTo("sensor_2"));
            WebElement resolved = d.findElement(By.cssSelector("#alerts .alert[data-state='RESOLVED']"));
            assertThat(resolved.getText()).contains("RESOLVED", "range", "peak score 5.50", "lasted").containsIgnoringCase("critical");
            assertThat(d.findElement(By.id("alerts")).getText()).contains("JUMP", "resolved after");
            selectValue(js, "f-state", "EVENT");
            waitFor(() -> !cards(d).isEmpty() && cards(d).stream().allMatch(c -> "EVENT".equals(c.getDomAttribute("data-state"))),
                    10, "state filter: jump events only");
            selectValue(js, "f-state", "");
            selectValue(js, "f-detector", "range");
            waitFor(() -> !cards(d).isEmpty() && cards(d).stream().allMatch(c -> c.getText().contains("range")), 10,
                    "detector filter: range alerts only");
            // a click on an alert: the chart jumps to it, the reading ringed, live follow off
            clickWhenPresent(js, "#alerts .alert[data-state='FIRING']", 5);
            waitFor(() -> number(js, "__dashboard.highlight ? __dashboard.highlight.t : 0") > 0, 5, "the clicked alert highlighted");
            assertThat(Math.abs(number(js, "__dashboard.highlight.t") - injectedAt)).as("the highlighted reading is the injected one")
                    .isLessThan(1_000);
            assertThat(d.findElement(By.id("follow")).isSelected()).isFalse();
            assertThat(d.findElement(By.id("range-from")).getDomProperty("value")).isNotEmpty();
            screenshot(d, "sensors");

            // --- overview of all sensors
            js.executeScript("location.hash = '#overview'");
            waitFor(() -> number(js, "__dashboard.overview ? __dashboard.overview.sensors : 0") == SENSORS, 30, "the overview of all sensors");
            @SuppressWarnings("unchecked")
            Map<String, Object> overview = (Map<String, Object>) js.executeScript("return __dashboard.overview");
            System.out.printf("dashboard overview at %d sensors: payload %.0f KB, fetched in %.1f ms, drawn in %.1f ms, frame %.1f ms%n",
                    SENSORS, ((Number) overview.get("bytes")).doubleValue() / 1024, ((Number) overview.get("fetchMs")).doubleValue(),
                    ((Number) overview.get("drawMs")).doubleValue(), ((Number) overview.get("frameMs")).doubleValue());
            assertThat(d.findElement(By.id("overview-count")).getText()).isEqualTo("(10,000)");
            assertThat(d.findElement(By.id("heatmap")).getSize().getHeight()).isPositive();
            screenshot(d, "overview");
            d.findElement(By.id("heatmap")).click(); // the tile in the middle of the canvas
            waitFor(() -> !d.findElement(By.id("view-sensors")).getDomProperty("hidden").equals("true"), 5, "the sensor view opened");
            assertThat((String) js.executeScript("return __dashboard.selected")).startsWith("sensor_");

            // --- dead letters and late readings; re-send a fixed record
            js.executeScript("location.hash = '#dead-letters'");
            waitFor(() -> number(js, "__dashboard.dlqSamples") > 0
                    && d.findElement(By.id("dlq")).getText().contains("sensor-readings-late"), 60, "dead letters and late records listed");
            String text = d.findElement(By.id("dlq")).getText();
            assertThat(text).contains("sensor-readings-dlq", "sensor-readings-raw/");
            String resentId = "resent-" + UUID.randomUUID();
            String fixed = "{\"sensor_id\":\"" + resentId + "\",\"temperature\":21.5,\"timestamp\":" + System.currentTimeMillis() + "}";
            js.executeScript("const box = document.querySelector('#dlq textarea[data-value]'); box.value = arguments[0];"
                    + " document.querySelector('#dlq input[type=checkbox][data-id]').click();", fixed);
            clickWhenPresent(js, "#resend", 5);
            waitFor(() -> number(js, "__dashboard.resend ? __dashboard.resend.accepted : -1") >= 0, 15, "the re-send answered");
            assertThat(number(js, "__dashboard.resend.accepted")).as((String) js.executeScript("return __dashboard.resend.text")).isEqualTo(1);
            assertThat(d.findElement(By.id("resend-result")).getText()).contains("Re-sent 1 of 1");
            ConsumerRecord<String, String> arrived = findInInputTopic(kafka, resentId);
            assertThat(arrived.value()).isEqualTo(fixed);
            Header source = arrived.headers().lastHeader("sensorstream.ingest");
            assertThat(source).isNotNull();
            assertThat(new String(source.value(), StandardCharsets.UTF_8)).isEqualTo("dashboard-resend");
            screenshot(d, "dead-letters");

            // --- pipeline: partitions with their numbers
            js.executeScript("location.hash = '#pipeline'");
            waitFor(() -> d.findElements(By.cssSelector("#pipeline tr[data-partition]")).size() == 4
                    && number(js, "__dashboard.pipelineInstances") == 1, 20, "four partitions on the pipeline page");
            assertThat(d.findElement(By.id("pipeline")).getText()).contains("RUNNING", "active", "records in");
            screenshot(d, "pipeline");

            List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(errors).as("browser console errors").isEmpty();
        } finally {
            if (driver != null) driver.quit();
            demo.toHandle().destroy();
            demo.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private ChromeDriver browser(Path chromium, Path chromedriver) {
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1500,1000", "--user-data-dir=" + dir.resolve("chrome"));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static List<WebElement> cards(ChromeDriver d) {
        return d.findElements(By.cssSelector("#alerts .alert[data-sensor]"));
    }

    private static long number(JavascriptExecutor js, String expression) {
        Object v = js.executeScript("return " + expression);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static void typeInto(JavascriptExecutor js, String id, String text) {
        js.executeScript("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + " e.dispatchEvent(new Event('input'));", id, text);
    }

    private static void selectValue(JavascriptExecutor js, String id, String value) {
        js.executeScript("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + " e.dispatchEvent(new Event('change'));", id, value);
    }

    /** Finds and clicks in one script, again if the element was re-rendered in between. */
    private static void clickWhenPresent(JavascriptExecutor js, String selector, int seconds) throws InterruptedException {
        waitFor(() -> Boolean.TRUE.equals(js.executeScript("const e = document.querySelector(arguments[0]);"
                + " if (!e) return false; e.click(); return true;", selector)), seconds, "a click on " + selector);
    }

    private static ConsumerRecord<String, String> findInInputTopic(int kafka, String key) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "dashboard-it-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            var partitions = consumer.partitionsFor("sensor-readings-raw").stream()
                    .map(pi -> new org.apache.kafka.common.TopicPartition(pi.topic(), pi.partition())).toList();
            consumer.assign(partitions);
            // the re-sent record is among the last few thousand of its partition
            consumer.endOffsets(partitions).forEach((tp, end) -> consumer.seek(tp, Math.max(0, end - 20_000)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) return r;
                }
            }
        }
        throw new AssertionError("the re-sent record " + key + " is not in the input topic");
    }

    private static void screenshot(ChromeDriver driver, String view) throws IOException {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", "dashboard-" + view + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
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
