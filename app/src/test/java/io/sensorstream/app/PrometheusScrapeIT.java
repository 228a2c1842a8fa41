package io.sensorstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorstream.app.testing.Ports;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package, installed by .ci/run) scrapes a running demo with the shipped configuration
 * and alert rules: the target is up, the key series exist and move, and the rules load.
 */
class PrometheusScrapeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheRunningPipeline() throws Exception {
        Path prometheus = Path.of("/usr/bin/prometheus");
        Assumptions.assumeTrue(Files.isExecutable(prometheus), "prometheus is not installed (.ci/run installs it)");
        int http = Ports.free();
        int promPort = Ports.free();
        Path deploy = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/prometheus");
        String config = Files.readString(deploy.resolve("prometheus.yml")).replace("localhost:8080", "localhost:" + http);
        Files.writeString(dir.resolve("prometheus.yml"), config);
        Files.copy(deploy.resolve("alerts.yml"), dir.resolve("alerts.yml"));

        ProcessBuilder demoBuilder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + getClass().getResource("/logback.xml"), "-cp", System.getProperty("java.class.path"),
                "io.sensorstream.app.Main", "demo", "--window", "2s", "--watermark-delay", "1s", "--rate", "20",
                "--malformed-fraction", "0.05", "--http-port", Integer.toString(http), "--kafka-port", Integer.toString(Ports.free()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("demo.log").toFile());
        // a range the simulated readings (20 ± a few degrees) leave often, so alert events flow
        demoBuilder.environment().put("SENSORSTREAM_DETECT_DETECTORS", "range");
        demoBuilder.environment().put("SENSORSTREAM_DETECT_RANGE_MAX", "21");
        Process demo = demoBuilder.start();
        Process prom = new ProcessBuilder(prometheus.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            double first = -1;
            double later = -1;
            while (System.nanoTime() < deadline) {
                Thread.sleep(2_000);
                JsonNode up = query(client, promPort, "up{job=\"sensorstream\"}");
                if (up == null || up.isEmpty() || !up.get(0).get("value").get(1).asText().equals("1")) continue;
                JsonNode in = query(client, promPort, "sensorstream_records_in_total");
                if (in == null || in.isEmpty()) continue;
                double v = in.get(0).get("value").get(1).asDouble();
                if (first < 0) first = v;
                else if (v > first) {
                    later = v;
                    break;
                }
            }
            assertThat(first).as("sensorstream_records_in_total scraped").isGreaterThanOrEqualTo(0);
            assertThat(later).as("and moving").isGreaterThan(first);
            for (String series : new String[] {"sensorstream_records_rejected_total", "sensorstream_windows_emitted_total",
                    "sensorstream_watermark_lag_seconds", "sensorstream_result_latency_seconds_bucket", "jvm_memory_used_bytes",
                    "sensorstream_alert_events_total{detector=\"range\",severity=\"critical\",state=\"firing\"}"}) {
                JsonNode r = query(client, promPort, series);
                while ((r == null || r.isEmpty()) && System.nanoTime() < deadline) { // e.g. no alert fired yet on a busy machine
                    Thread.sleep(1_000);
                    r = query(client, promPort, series);
                }
                assertThat(r).as(series).isNotNull();
                assertThat(r.size()).as(series).isPositive();
            }
            // every query of the Grafana dashboard is valid PromQL against these series
            JsonNode dashboard = JSON.readTree(Path.of(System.getProperty("user.dir")).getParent()
                    .resolve("deploy/grafana/dashboards/sensorstream.json").toFile());
            int queries = 0;
            for (JsonNode panel : dashboard.get("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.get("expr").asText();
                    assertThat(query(client, promPort, expr)).as("dashboard query " + expr).isNotNull();
                    queries++;
                }
            }
            assertThat(queries).isGreaterThan(10);
            JsonNode rules = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort + "/api/v1/rules")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(rules.get("data").get("groups").get(0).get("rules").size()).as("alert rules loaded").isEqualTo(6);
        } finally {
            prom.destroy();
            demo.toHandle().destroy();
            prom.waitFor(30, TimeUnit.SECONDS);
            demo.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static JsonNode query(HttpClient client, int port, String promql) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) return null;
        return JSON.readTree(r.body()).get("data").get("result");
    }
}
