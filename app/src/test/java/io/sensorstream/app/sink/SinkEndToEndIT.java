package io.sensorstream.app.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.PipelineAssembly;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.app.testing.TopicReader;
import io.sensorstream.connectors.sink.SinkHealth;
import io.sensorstream.streams.PipelineSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL sink end to end, against a real broker and a real PostgreSQL server that is stopped in the middle of
 * the stream and started again: the sink retries, resumes from its last committed batch, and the table ends exactly
 * equal to the committed window results on the topic (newest revision of each window), with every jump alert once.
 * The sink is configured from YAML with its password from the environment ({@code ${PGPASSWORD}}). A files sink
 * runs beside it in its own group: its JSON lines hold every committed output record exactly once.
 */
class SinkEndToEndIT {

    private static final long T0 = 1_700_000_040_000L;
    private static final int SENSORS = 12;

    @TempDir
    Path dir;

    @Test
    void theTableEqualsTheTopicAcrossADatabaseOutage() throws Exception {
        int pgPort = Ports.free();
        Path pgData = dir.resolve("pg");
        EmbeddedPostgres pg = startPostgres(pgPort, pgData);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of())
                .start(Duration.ofSeconds(90))) {
            Path yaml = dir.resolve("sensorstream.yaml");
            Files.writeString(yaml, String.join("\n",
                    "application-id: sink-it",
                    "bootstrap-servers: " + broker.bootstrapServers(),
                    "window: {watermark-delay: 2s}",
                    "processing: {state-dir: " + dir.resolve("state") + "}",
                    "http: {enabled: false}",
                    "sinks:",
                    "  - {type: postgres, jdbc-url: \"jdbc:postgresql://localhost:" + pgPort + "/postgres\", username: postgres,",
                    "     password: \"${PGPASSWORD}\", batch-size: 50, max-backoff: 1s}",
                    "  - {type: files, path: " + dir.resolve("out") + ", batch-size: 40, roll-interval: 2s}",
                    ""));
            SensorstreamConfig cfg = new ConfigLoader(Map.of("PGPASSWORD", "unused-with-trust")).read(yaml, Map.of());
            assertThat(cfg.sinks().get(0).password()).isEqualTo("unused-with-trust");
            PipelineSettings settings = new PipelineAssembly(cfg).pipelineSettings();
            Properties client = ProcessorRunner.clientProperties(cfg);
            try (ProcessorRunner processor = new ProcessorRunner(cfg, new SimpleMeterRegistry()).start();
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
                assertThat(processor.awaitRunning(Duration.ofSeconds(60))).isTrue();
                SimpleMeterRegistry sinkMetrics = new SimpleMeterRegistry();
                try (SinkServices sinks = SinkServices.start(cfg, settings.analytics(), settings.topics(), sinkMetrics)) {
                    produce(producer, cfg.topics().raw(), 0, 300);
                    awaitRows(pgPort, r -> r > 0);
                    pg.close(); // the database goes away mid-stream
                    produce(producer, cfg.topics().raw(), 300, 600);
                    awaitState(sinks, SinkHealth.State.RETRYING);
                    pg = startPostgres(pgPort, pgData);
                    produce(producer, cfg.topics().raw(), 600, 900);
                    for (int s = 0; s < SENSORS; s++) { // far ahead: every window closes
                        SinkChecks.send(producer, cfg.topics().raw(), s, T0 + 3_600_000L, 20.0);
                    }
                    producer.flush();

                    Map<String, String> expected = SinkChecks.expectedWindows(broker.bootstrapServers(), cfg, settings);
                    assertThat(expected).hasSizeGreaterThan(SENSORS * 14);
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    Map<String, String> table = Map.of();
                    while (System.nanoTime() < deadline) {
                        table = SinkChecks.tableWindows(pgPort);
                        if (table.size() >= expected.size()) break;
                        Thread.sleep(500);
                    }
                    assertThat(table).isEqualTo(SinkChecks.expectedWindows(broker.bootstrapServers(), cfg, settings));
                    assertThat(sinks.health()).allMatch(h -> h.state() == SinkHealth.State.RUNNING);
                    // the files sink beside it: every committed output record in exactly one line, whatever the outage did
                    List<String> published = new ArrayList<>();
                    for (String topic : List.of(cfg.topics().aggregated(), cfg.topics().alerts(), cfg.topics().alertEvents())) {
                        try (TopicReader reader = new TopicReader(broker.bootstrapServers(), topic)) {
                            reader.pollUntil(rs -> false, Duration.ofSeconds(2))
                                    .forEach(r -> published.add(new String(r.value(), StandardCharsets.UTF_8)));
                        }
                    }
                    List<String> lines = new ArrayList<>();
                    long filesDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (System.nanoTime() < filesDeadline) {
                        lines = jsonLines(dir.resolve("out"));
                        if (lines.size() >= published.size()) break;
                        Thread.sleep(200);
                    }
                    assertThat(lines).hasSameSizeAs(published).containsExactlyInAnyOrderElementsOf(published);
                    // a record that is not a result: each sink sends it to the sink dead-letter topic and keeps going
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(cfg.topics().aggregated(),
                            "x".getBytes(StandardCharsets.UTF_8), "{\"not\": \"a result\"}".getBytes(StandardCharsets.UTF_8))).get();
                    try (TopicReader dlq = new TopicReader(broker.bootstrapServers(), "sensor-sink-dlq")) {
                        var dead = dlq.pollUntil(rs -> rs.size() >= 2, Duration.ofSeconds(60));
                        assertThat(dead).extracting(r -> new String(r.headers().lastHeader("sensorstream.sink").value(), StandardCharsets.UTF_8))
                                .containsExactlyInAnyOrder("postgres", "files");
                        assertThat(dead).allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"not\": \"a result\"}"));
                    }
                    assertThat(sinks.health()).allMatch(h -> h.state() == SinkHealth.State.RUNNING);
                    long topicJumps = SinkChecks.count(broker.bootstrapServers(), cfg.topics().alerts());
                    assertThat(topicJumps).isPositive();
                    assertThat(SinkChecks.query(pgPort, "SELECT count(*) FROM sensor_jump_alerts")).isEqualTo(Long.toString(topicJumps));
                }
            }
        } finally {
            pg.close();
        }
    }

    private static List<String> jsonLines(Path root) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(root)) return lines;
        try (var files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    /** The same server again on the same data (a clean data directory would be deleted when it stops). */
    static EmbeddedPostgres startPostgres(int port, Path data) throws Exception {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false).start();
    }

    /** Readings of second {@code from} to {@code to} of every sensor, one a second; every 97th a jump. */
    private static void produce(KafkaProducer<byte[], byte[]> producer, String topic, int from, int to) {
        for (int t = from; t < to; t++) {
            for (int s = 0; s < SENSORS; s++) {
                SinkChecks.send(producer, topic, s, T0 + t * 1_000L, 20 + (s % 3) + ((t + s) % 97 == 0 ? 15 : 0));
            }
        }
        producer.flush();
    }

    private static void awaitRows(int port, java.util.function.LongPredicate done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(SinkChecks.tableWindows(port).size())) return;
            Thread.sleep(200);
        }
        throw new AssertionError("no rows in time");
    }

    private static void awaitState(SinkServices sinks, SinkHealth.State state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (sinks.health().stream().anyMatch(h -> h.state() == state)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("sink never " + state + ": " + sinks.health());
    }
}
