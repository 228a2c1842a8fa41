package io.sensorstream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.app.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /ingest} on a running processor with a real broker: the answers (202, 207 with the bad line, 400, 401
 * without the token, 413 above the size limit) and what reaches the input topic (each accepted reading once, keyed by
 * sensor id, marked as HTTP ingest) and the results (the processor counts them into windows).
 */
class IngestIT {

    private static final long T0 = 1_700_000_040_000L;

    @TempDir
    Path dir;

    private static HttpResponse<String> post(HttpClient http, int port, String token, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ingest"))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String reading(String sensor, long t, double v) {
        return "{\"sensor_id\":\"" + sensor + "\",\"temperature\":" + v + ",\"timestamp\":" + t + "}";
    }

    @Test
    void readingsPostedOverHttpAreDurableAndProcessed() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 2, Map.of())
                .start(Duration.ofSeconds(90))) {
            int http = Ports.free();
            SensorstreamConfig cfg = new ConfigLoader(Map.of("INGEST_TOKEN", "s3cret")).read(null, Map.of(
                    "application-id", "ingest-it",
                    "bootstrap-servers", broker.bootstrapServers(),
                    "processing.state-dir", dir.resolve("state").toString(),
                    "http.port", Integer.toString(http),
                    "ingest.http.enabled", "true",
                    "ingest.http.token", "${INGEST_TOKEN}",
                    "ingest.http.max-body", "4KB",
                    "window.watermark-delay", "1s"));
            try (Lifecycle lifecycle = new Lifecycle()) {
                PipelineServices services = PipelineServices.start(lifecycle, cfg);
                assertThat(services.processor.awaitRunning(Duration.ofSeconds(60))).isTrue();
                HttpClient client = HttpClient.newHttpClient();

                assertThat(post(client, http, null, "application/json", reading("a", T0, 20)).statusCode()).isEqualTo(401);
                assertThat(post(client, http, "wrong", "application/json", reading("a", T0, 20)).statusCode()).isEqualTo(401);
                HttpResponse<String> ndjson = post(client, http, "s3cret", "application/x-ndjson",
                        reading("a", T0, 20) + "\n{\"sensor_id\":\"a\",\"temperature\":\"hot\",\"timestamp\":1}\n" + reading("b", T0 + 1, 21) + "\n");
                assertThat(ndjson.statusCode()).isEqualTo(207);
                assertThat(ndjson.body()).contains("\"accepted\":2", "\"rejected\":1", "\"line\":2", "wrong_type");
                HttpResponse<String> array = post(client, http, "s3cret", "application/json",
                        "[" + reading("a", T0 + 30_000, 22) + "," + reading("b", T0 + 30_000, 23) + "]");
                assertThat(array.statusCode()).isEqualTo(202);
                assertThat(array.body()).isEqualTo("{\"accepted\":2,\"rejected\":0,\"errors\":[]}");
                assertThat(post(client, http, "s3cret", "application/json", "{\"sensor_id\":\"a\"}").statusCode()).isEqualTo(400);
                assertThat(post(client, http, "s3cret", "application/x-ndjson", (reading("a", T0, 20) + "\n").repeat(200)).statusCode())
                        .as("above max-body").isEqualTo(413);
                assertThat(post(client, http, "s3cret", "application/json", reading("a", T0 + 120_000, 20)).statusCode()).isEqualTo(202);
                assertThat(post(client, http, "s3cret", "application/json", reading("b", T0 + 120_000, 20)).statusCode()).isEqualTo(202);

                try (TopicReader raw = new TopicReader(broker.bootstrapServers(), cfg.topics().raw())) {
                    var records = raw.pollUntil(rs -> rs.size() >= 6, Duration.ofSeconds(30));
                    assertThat(records).hasSize(6).allSatisfy(r -> {
                        assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("\"sensor_id\":\"" + new String(r.key(), StandardCharsets.UTF_8) + "\"");
                        assertThat(new String(r.headers().lastHeader("sensorstream.ingest").value(), StandardCharsets.UTF_8)).isEqualTo("http");
                    });
                }
                try (TopicReader aggregated = new TopicReader(broker.bootstrapServers(), cfg.topics().aggregated())) {
                    var results = aggregated.pollUntil(rs -> rs.size() >= 2, Duration.ofSeconds(60));
                    assertThat(results).as("the first minute of both sensors, closed by the later readings").hasSize(2)
                            .allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("\"count_readings\":2"));
                }
            }
        }
    }

    /**
     * Back-pressure over HTTP: when Kafka cannot take readings (here the cluster is unreachable, so the producer has no
     * metadata and {@code max.block.ms} of 200 ms runs out) the answer is 429 with {@code Retry-After}, promptly, and
     * nothing queues without bound.
     */
    @Test
    void whenKafkaCannotTakeReadingsTheAnswerIs429WithRetryAfter() throws Exception {
        java.util.Properties client = new java.util.Properties();
        client.put("bootstrap.servers", "localhost:" + Ports.free()); // nothing listens there
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                io.sensorstream.app.web.HttpIngest.producerProperties(client), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            io.sensorstream.app.web.HttpIngest ingest = new io.sensorstream.app.web.HttpIngest(new io.sensorstream.connectors.ingest.ReadingIngest(
                    new io.sensorstream.core.reading.ReadingParser(io.sensorstream.core.reading.ReadingFormat.seedDefault()), producer,
                    "sensor-readings-raw", "http"), "", registry);
            io.javalin.Javalin app = io.javalin.Javalin.create(c -> c.showJavalinBanner = false);
            ingest.register(app);
            int port = Ports.free();
            app.start("localhost", port);
            try {
                long start = System.nanoTime();
                HttpResponse<String> r = post(HttpClient.newHttpClient(), port, null, "application/json", reading("a", T0, 20));
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(r.body()).startsWith("busy: ");
                assertThat(seconds).as("answered promptly, not after Kafka's own timeouts").isLessThan(10);
                assertThat(registry.get("sensorstream.ingest.busy").counter().count()).isEqualTo(1);
            } finally {
                app.stop();
            }
        }
    }
}
