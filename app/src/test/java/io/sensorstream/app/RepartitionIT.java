package io.sensorstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.app.testing.TopicReader;
import io.sensorstream.streams.testing.OutputRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producers that do not key readings by sensor id (here: no key at all, spread over every partition) with
 * {@code processing.repartition: true}: each sensor's readings still meet in one task, so every window counts all of
 * its sensor's readings. Without the re-keying, a sensor's readings would be split between four tasks.
 */
class RepartitionIT {

    private static final long T0 = 1_700_000_040_000L; // a multiple of 60 s
    private static final int SENSORS = 10;
    private static final int SECONDS = 300;

    @TempDir
    Path dir;

    @Test
    void unkeyedInputIsRekeyedBySensorAndCountedWhole() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of())
                .start(Duration.ofSeconds(90))) {
            SensorstreamConfig cfg = new ConfigLoader(Map.of()).read(null, Map.of(
                    "application-id", "repartition-test",
                    "bootstrap-servers", broker.bootstrapServers(),
                    "processing.state-dir", dir.resolve("state").toString(),
                    "processing.repartition", "true",
                    "window.watermark-delay", "1h"));
            Properties client = ProcessorRunner.clientProperties(cfg);
            try (ProcessorRunner processor = new ProcessorRunner(cfg, new SimpleMeterRegistry()).start();
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
                assertThat(processor.awaitRunning(Duration.ofSeconds(60))).isTrue();
                int partition = 0;
                for (int s = 0; s < SECONDS; s++) {
                    for (int k = 0; k < SENSORS; k++) {
                        producer.send(new ProducerRecord<>(cfg.topics().raw(), partition++ % 4, null, reading(k, T0 + s * 1_000L)));
                    }
                }
                producer.flush();
                try (TopicReader rekeyed = new TopicReader(broker.bootstrapServers(), "repartition-test-readings-by-sensor")) {
                    // every reading re-keyed before any watermark moves far: the re-keying tasks interleave freely
                    assertThat(rekeyed.pollUntil(rs -> rs.size() >= SENSORS * SECONDS, Duration.ofSeconds(120)))
                            .hasSize(SENSORS * SECONDS)
                            .allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
                                    .contains("\"sensor_id\":\"" + new String(r.key(), StandardCharsets.UTF_8) + "\""));
                }
                for (int k = 0; k < SENSORS; k++) { // far ahead: every partition's watermark passes the last window
                    producer.send(new ProducerRecord<>(cfg.topics().raw(), k % 4, null, reading(k, T0 + 3 * 3_600_000L)));
                }
                producer.flush();
                try (TopicReader aggregated = new TopicReader(broker.bootstrapServers(), cfg.topics().aggregated())) {
                    int expected = SENSORS * SECONDS / 60;
                    aggregated.pollUntil(rs -> rs.size() >= expected, Duration.ofSeconds(120));
                    Thread.sleep(2_000);
                    Map<String, Long> counts = new HashMap<>();
                    for (var r : aggregated.poll()) {
                        JsonNode w = OutputRecords.parse(r.value());
                        assertThat(w.get("count_readings").asLong()).as("a whole minute of one sensor").isEqualTo(60);
                        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(w.get("sensor_id").asText());
                        counts.merge(w.get("sensor_id").asText(), 1L, Long::sum);
                    }
                    assertThat(counts).hasSize(SENSORS).allSatisfy((sensor, windows) -> assertThat(windows).isEqualTo(SECONDS / 60));
                }
                try (TopicReader late = new TopicReader(broker.bootstrapServers(), cfg.topics().late())) {
                    assertThat(late.poll()).isEmpty();
                }
                try (Admin admin = Admin.create(client)) {
                    assertThat(admin.listTopics().names().get()).contains("repartition-test-readings-by-sensor");
                }
            }
        }
    }

    private static byte[] reading(int sensor, long t) {
        return ("{\"sensor_id\":\"sensor_" + sensor + "\",\"temperature\":20.5,\"timestamp\":" + t + "}").getBytes(StandardCharsets.UTF_8);
    }
}
