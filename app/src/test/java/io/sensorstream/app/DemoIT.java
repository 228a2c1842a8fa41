package io.sensorstream.app;

import java.io.InputStream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorstream.app.testing.Ports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sensorstream demo} as a user runs it: a separate JVM with the embedded broker, simulator, processor and
 * page; live results appear on the page; SIGTERM (what Ctrl-C and orchestrators send) stops it cleanly.
 */
class DemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void demoServesLiveResultsAndStopsCleanlyOnSigterm() throws Exception {
        int http = Ports.free();
        int kafka = Ports.free();
        DemoProcess run = DemoProcess.start("--window", "2s", "--watermark-delay", "1s", "--rate", "20", "--sensors", "4",
                "--malformed-fraction", "0.05", "--http-port", Integer.toString(http), "--kafka-port", Integer.toString(kafka));
        Process demo = run.process();
        List<String> stdout = run.stdout();
        List<String> stderr = run.stderr();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            // the banner's last line: every line before it has been read too (checking the first raced with the rest)
            while (stdout.stream().noneMatch(l -> l.contains("Press Ctrl-C to stop.")) && System.nanoTime() < deadline) {
                assertThat(demo.isAlive()).as("demo exited early: %s", stderr).isTrue();
                Thread.sleep(100);
            }
            assertThat(stdout).anyMatch(l -> l.contains("sensorstream demo started"));
            assertThat(stdout).anyMatch(l -> l.contains("http://localhost:" + http + "/"));

            HttpClient client = HttpClient.newHttpClient();
            JsonNode state = null;
            while (System.nanoTime() < deadline) {
                state = JSON.readTree(get(client, http, "/api/state").body());
                if (state.get("totals").get("windows").asLong() >= 8 && state.get("totals").get("dead_letters").asLong() > 0
                        && state.get("sensors").size() == 4) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(state.get("sensors")).hasSize(4);
            assertThat(state.get("totals").get("windows").asLong()).isGreaterThanOrEqualTo(8);
            assertThat(state.get("totals").get("dead_letters").asLong()).isPositive();
            String sensor = state.get("sensors").get(0).get("sensor_id").asText();
            JsonNode series = JSON.readTree(get(client, http, "/api/sensor/" + sensor).body());
            JsonNode latest = series.get("windows").get(series.get("windows").size() - 1);
            assertThat(latest.get("count").asLong()).isPositive();
            assertThat(latest.get("end").asLong() - latest.get("start").asLong()).isEqualTo(2_000);
            assertThat(series.get("raw").size()).isPositive();
            JsonNode page = JSON.readTree(get(client, http, "/api/sensors?sort=name&offset=1&limit=2").body());
            assertThat(page.get("total").asInt()).isEqualTo(4);
            assertThat(page.get("items")).hasSize(2);
            JsonNode dead = JSON.readTree(get(client, http, "/api/dead-letters").body()).get("topics").get(0);
            assertThat(dead.get("total").asLong()).isPositive();
            assertThat(dead.get("samples").get(0).get("headers").get("sensorstream.reason").asText()).isNotEmpty();
            JsonNode pipeline = JSON.readTree(get(client, http, "/api/pipeline").body());
            assertThat(pipeline.get("partitions")).hasSize(4);
            assertThat(pipeline.get("threads").get(0).get("active")).hasSize(4);
            long recordsIn = 0;
            for (JsonNode partition : pipeline.get("partitions")) recordsIn += partition.get("records_in").asLong();
            assertThat(recordsIn).as("per-partition input counts").isPositive();
            assertThat(pipeline.get("partitions").get(0).get("restore").get("done").asBoolean()).isTrue();
            assertThat(get(client, http, "/api/alerts?limit=abc").statusCode()).as("a malformed query parameter").isEqualTo(400);
            JsonNode newest = JSON.readTree(get(client, http, "/api/alerts?limit=2").body());
            if (newest.get("held").asInt() > 2) { // the alert feed pages back through what the process holds
                long cursor = newest.get("next_before").asLong();
                assertThat(cursor).isPositive();
                JsonNode older = JSON.readTree(get(client, http, "/api/alerts?limit=2&before=" + cursor).body());
                assertThat(older.get("items")).isNotEmpty();
                assertThat(older.get("items").get(0).get("seq").asLong()).isLessThan(cursor);
            }
            HttpResponse<String> invalid = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + http + "/api/dead-letters/resend"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"values\": [\"{\\\"sensor_id\\\":\\\"x\\\"}\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(invalid.statusCode()).as("a re-sent record that is still invalid: %s", invalid.body()).isEqualTo(400);
            assertThat(invalid.body()).contains("\"rejected\":1", "temperature");
            assertThat(state.get("pipeline").get("state").asText()).isEqualTo("RUNNING");
            assertThat(get(client, http, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(client, http, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> sinks = get(client, http, "/health/sinks");
            assertThat(sinks.statusCode()).as("no sinks configured: all (none) healthy").isEqualTo(200);
            assertThat(sinks.body()).isEqualTo("{}");
            assertThat(state.get("pipeline").get("sinks").size()).isZero();
            assertThat(get(client, http, "/").body()).contains("<title>sensorstream");
            HttpResponse<String> events = get(client, http, "/api/events"); // no Accept: text/event-stream
            assertThat(events.statusCode()).as("event stream asked for without its media type").isEqualTo(406);
            assertThat(events.body()).contains("Accept: text/event-stream");
            HttpResponse<String> metrics = get(client, http, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body()).contains("sensorstream_records_in_total", "sensorstream_records_rejected_total{reason=\"",
                    "sensorstream_windows_emitted_total{kind=\"final\"}", "sensorstream_watermark_lag_seconds{partition=\"",
                    "sensorstream_sensors_active{partition=\"", "sensorstream_result_latency_seconds_bucket",
                    "jvm_memory_used_bytes", "kafka_stream_");
        } finally {
            run.stop();
        }
        List<String> output = stderr;
        assertThat(demo.exitValue()).as("exit value after SIGTERM").isEqualTo(143);
        assertThat(output).anyMatch(l -> l.contains("Processor state PENDING_SHUTDOWN -> NOT_RUNNING"));
        assertThat(output).anyMatch(l -> l.contains("Embedded Kafka broker stopped"));
        assertThat(output).noneMatch(l -> l.contains("Exception in thread"));
    }

    /** {@code demo --sink postgres --sink files}: results arrive in the demo's own PostgreSQL and as Parquet files. */
    @Test
    void demoWritesResultsIntoItsOwnPostgresAndParquetFiles(@TempDir Path dir) throws Exception {
        int http = Ports.free();
        int kafka = Ports.free();
        int pgPort = Ports.free();
        DemoProcess run = DemoProcess.start("--window", "2s", "--watermark-delay", "1s", "--rate", "20", "--sensors", "3",
                "--http-port", Integer.toString(http), "--kafka-port", Integer.toString(kafka), "--sink", "postgres", "--sink", "files",
                "--postgres-port", Integer.toString(pgPort), "--data-dir", dir.toString());
        Process demo = run.process();
        List<String> stdout = run.stdout();
        List<String> stderr = run.stderr();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (stdout.stream().noneMatch(l -> l.startsWith("Press Ctrl-C")) && System.nanoTime() < deadline) {
                assertThat(demo.isAlive()).as("demo exited early: %s", stderr).isTrue();
                Thread.sleep(100);
            }
            assertThat(stdout).anyMatch(l -> l.contains("psql -h localhost -p " + pgPort));
            long rows = 0;
            while (System.nanoTime() < deadline && rows < 6) {
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres",
                        "postgres", ""); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*), min(extract(epoch from window_end_utc - window_start_utc)) "
                             + "FROM sensor_window_results WHERE count_readings > 0")) {
                    rs.next();
                    rows = rs.getLong(1);
                    if (rows > 0) assertThat(rs.getDouble(2)).as("2 s windows").isEqualTo(2.0);
                } catch (SQLException e) {
                    // the table appears with the sink's first batch
                }
                Thread.sleep(250);
            }
            assertThat(rows).as("window rows in the demo's PostgreSQL").isGreaterThanOrEqualTo(6);
            List<Path> parquet = List.of();
            while (System.nanoTime() < deadline && parquet.isEmpty()) { // rolled every 10 s
                try (var files = Files.walk(dir.resolve("files"))) {
                    parquet = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
                }
                Thread.sleep(500);
            }
            assertThat(parquet).as("Parquet files under the data directory").isNotEmpty();
            HttpResponse<String> sinks = get(HttpClient.newHttpClient(), http, "/health/sinks");
            assertThat(sinks.body()).contains("\"postgres\":{\"state\":\"RUNNING\"", "\"files\":{\"state\":\"RUNNING\"");
        } finally {
            run.stop();
        }
        try (ServerSocket free = new ServerSocket(pgPort)) {
            assertThat(free.getLocalPort()).as("the demo's PostgreSQL stopped with it").isEqualTo(pgPort);
        }
        assertThat(stderr).noneMatch(l -> l.contains("Exception in thread"));
    }

    @Test
    void anUnknownSinkIsAOneLineErrorBeforeAnythingStarts() throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process demo = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"), "io.sensorstream.app.Main",
                "demo", "--sink", "mysql").redirectErrorStream(true).start();
        String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(demo.exitValue()).isEqualTo(2);
        assertThat(out.strip()).isEqualTo("error: --sink must be postgres or files, got 'mysql'");
    }

    /** {@code sensorstream demo ARGS} in its own JVM, its output collected line by line; {@link #stop} sends SIGTERM. */
    private record DemoProcess(Process process, List<String> stdout, List<String> stderr, CompletableFuture<Void> outDone,
                               CompletableFuture<Void> errDone) {

        static DemoProcess start(String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dlogback.configurationFile=" + DemoIT.class.getResource("/logback.xml"), "-cp", System.getProperty("java.class.path"),
                    "io.sensorstream.app.Main", "demo"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).start();
            List<String> out = new CopyOnWriteArrayList<>();
            List<String> err = new CopyOnWriteArrayList<>();
            return new DemoProcess(p, out, err, drain(p.getInputStream(), out), drain(p.getErrorStream(), err));
        }

        void stop() throws Exception {
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our ends of its output pipes
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("demo stops within 60 s of SIGTERM").isTrue();
            outDone.get(10, TimeUnit.SECONDS);
            errDone.get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<Void> drain(InputStream in, List<String> lines) {
        return CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // process ended
            }
        });
    }
}
