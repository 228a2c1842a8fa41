package io.sensorstream.app.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.PipelineAssembly;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.connectors.sink.SinkHealth;
import io.sensorstream.streams.PipelineSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The InfluxDB sink end to end against a real InfluxDB 1.x (Debian's {@code influxdb}): down when the sink starts, up,
 * stopped in the middle of the stream and started again on the same data. The sink waits, retries and resumes, and
 * the measurement ends holding exactly the committed window results of the topic (one point per window, its values).
 */
class InfluxSinkIT {

    private static final Path INFLUXD = Path.of("/usr/bin/influxd");
    private static final long T0 = 1_700_000_040_000L;
    private static final int SENSORS = 10;

    @TempDir
    Path dir;

    private Process influxd(Path conf) throws Exception {
        return new ProcessBuilder(INFLUXD.toString(), "-config", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influx.log").toFile())).start();
    }

    /** Window points as "sensor/start-ms" → "count avg", from InfluxDB's JSON answer. */
    private static Map<String, String> points(int port) {
        Map<String, String> out = new TreeMap<>();
        try {
            String q = "SELECT count_readings, avg_temperature, sensor_id FROM sensor_windows";
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/query?db=sensors&epoch=ms&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\\[(\\d+),(\\d+),([0-9.]+),\"([^\"]+)\"\\]").matcher(body);
            while (m.find()) {
                out.put(m.group(4) + "/" + m.group(1), m.group(2) + " " + String.format(Locale.ROOT, "%.6f", Double.parseDouble(m.group(3))));
            }
        } catch (Exception e) {
            return Map.of(); // not up
        }
        return out;
    }

    @Test
    void theMeasurementEqualsTheTopicAcrossOutages() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(INFLUXD), "influxd is not installed (.ci/run installs Debian's influxdb)");
        int influxPort = Ports.free();
        Path conf = dir.resolve("influxdb.conf");
        Files.writeString(conf, String.join("\n", "reporting-disabled = true", "bind-address = \"127.0.0.1:" + Ports.free() + "\"",
                "[meta]", "  dir = \"" + dir.resolve("meta") + "\"", "[data]", "  dir = \"" + dir.resolve("data") + "\"",
                "  wal-dir = \"" + dir.resolve("wal") + "\"", "  query-log-enabled = false", "[http]",
                "  bind-address = \"127.0.0.1:" + influxPort + "\"", "  log-enabled = false", "[monitor]", "  store-enabled = false", ""));
        Process influx = null;
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of()).start(Duration.ofSeconds(90))) {
            Path yaml = dir.resolve("sensorstream.yaml");
            Files.writeString(yaml, String.join("\n", "application-id: influx-it", "bootstrap-servers: " + broker.bootstrapServers(),
                    "window: {watermark-delay: 2s}", "processing: {state-dir: " + dir.resolve("state") + "}", "http: {enabled: false}",
                    "sinks:", "  - {type: influxdb, url: \"http://127.0.0.1:" + influxPort + "\", database: sensors, batch-size: 40, max-backoff: 1s}", ""));
            SensorstreamConfig cfg = new ConfigLoader(Map.of()).read(yaml, Map.of());
            PipelineSettings settings = new PipelineAssembly(cfg).pipelineSettings();
            try (ProcessorRunner processor = new ProcessorRunner(cfg, new SimpleMeterRegistry()).start();
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ProcessorRunner.clientProperties(cfg), new ByteArraySerializer(),
                         new ByteArraySerializer());
                 SinkServices sinks = SinkServices.start(cfg, settings.analytics(), settings.topics(), new SimpleMeterRegistry())) {
                assertThat(processor.awaitRunning(Duration.ofSeconds(60))).isTrue();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (sinks.health().stream().noneMatch(h -> h.state() == SinkHealth.State.RETRYING) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(sinks.health()).as("InfluxDB is down at start").allMatch(h -> h.state() == SinkHealth.State.RETRYING);
                influx = influxd(conf);
                produce(producer, cfg, 0, 300);
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (points(influxPort).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(points(influxPort)).isNotEmpty();
                influx.destroy(); // down mid-stream
                influx.waitFor(20, TimeUnit.SECONDS);
                produce(producer, cfg, 300, 600);
                Thread.sleep(2_000);
                influx = influxd(conf); // back, on the same data
                produce(producer, cfg, 600, 900);
                for (int s = 0; s < SENSORS; s++) {
                    SinkChecks.send(producer, cfg.topics().raw(), s, T0 + 3_600_000L, 20.0);
                }
                producer.flush();
                Map<String, String> expected = new TreeMap<>();
                SinkChecks.expectedWindows(broker.bootstrapServers(), cfg, settings).forEach((k, v) -> {
                    String[] key = k.split("/");
                    String[] value = v.split(" ");
                    expected.put(key[0] + "/" + key[2], value[2] + " " + value[3]);
                });
                assertThat(expected).hasSize(SENSORS * 15);
                Map<String, String> actual = Map.of();
                deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline) {
                    actual = points(influxPort);
                    if (actual.size() >= expected.size()) break;
                    Thread.sleep(300);
                }
                assertThat(actual).isEqualTo(expected);
            }
        } finally {
            if (influx != null) {
                influx.destroy();
                influx.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, SensorstreamConfig cfg, int from, int to) {
        for (int t = from; t < to; t++) {
            for (int s = 0; s < SENSORS; s++) {
                SinkChecks.send(producer, cfg.topics().raw(), s, T0 + t * 1_000L, 20 + (s % 3) + (t % 7) * 0.25);
            }
        }
        producer.flush();
    }
}
