package io.sensorstream.app.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.PipelineAssembly;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.streams.PipelineSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sensorstream sink} as its own OS process, killed with SIGKILL in the middle of writing (small batches, so the
 * kill lands between a database commit and an offset commit, or inside a batch), then started again: the PostgreSQL
 * table ends exactly equal to the committed window results on the topic, and every jump alert is there once.
 */
class SinkCrashIT {

    private static final long T0 = 1_700_000_040_000L;
    private static final int SENSORS = 60;
    private static final int SECONDS = 1_200;

    @TempDir
    Path dir;

    private Process sink(Path yaml, Path log) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.sensorstream.app.Main", "sink", "--config", yaml.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    @Test
    void aSinkKilledMidBatchAndRestartedLeavesTheTableEqualToTheTopic() throws Exception {
        int pgPort = Ports.free();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(pgPort).start();
             EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of())
                     .start(Duration.ofSeconds(90))) {
            Path yaml = dir.resolve("sensorstream.yaml");
            Files.writeString(yaml, String.join("\n",
                    "application-id: sink-crash",
                    "bootstrap-servers: " + broker.bootstrapServers(),
                    "window: {watermark-delay: 2s}",
                    "processing: {state-dir: " + dir.resolve("state") + "}",
                    "http: {enabled: false}",
                    "sinks:",
                    "  - {type: postgres, jdbc-url: \"jdbc:postgresql://localhost:" + pgPort + "/postgres\", username: postgres,",
                    "     batch-size: 25, max-backoff: 1s}",
                    ""));
            SensorstreamConfig cfg = new ConfigLoader(Map.of()).read(yaml, Map.of());
            PipelineSettings settings = new PipelineAssembly(cfg).pipelineSettings();
            try (ProcessorRunner processor = new ProcessorRunner(cfg, new SimpleMeterRegistry()).start();
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ProcessorRunner.clientProperties(cfg),
                         new ByteArraySerializer(), new ByteArraySerializer())) {
                assertThat(processor.awaitRunning(Duration.ofSeconds(60))).isTrue();
                for (int t = 0; t < SECONDS; t++) {
                    for (int s = 0; s < SENSORS; s++) {
                        SinkChecks.send(producer, cfg.topics().raw(), s, T0 + t * 1_000L, 20 + (s % 3) + ((t + s) % 89 == 0 ? 15 : 0));
                    }
                }
                for (int s = 0; s < SENSORS; s++) {
                    SinkChecks.send(producer, cfg.topics().raw(), s, T0 + 3_600_000L, 20.0);
                }
                producer.flush();
                Map<String, String> expected = Map.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (expected.size() < SENSORS * SECONDS / 60 && System.nanoTime() < deadline) {
                    expected = SinkChecks.expectedWindows(broker.bootstrapServers(), cfg, settings);
                }
                assertThat(expected).hasSize(SENSORS * SECONDS / 60);

                Path log = dir.resolve("sink.log");
                Process first = sink(yaml, log);
                deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (SinkChecks.tableWindows(pgPort).size() < expected.size() / 3 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                first.toHandle().destroyForcibly(); // SIGKILL while it writes
                first.waitFor(30, TimeUnit.SECONDS);
                int atKill = SinkChecks.tableWindows(pgPort).size();
                assertThat(atKill).as("killed mid-stream").isBetween(1, expected.size() - 1);

                Process second = sink(yaml, log);
                try {
                    Map<String, String> table = Map.of();
                    deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (System.nanoTime() < deadline) {
                        table = SinkChecks.tableWindows(pgPort);
                        if (table.size() >= expected.size()) break;
                        Thread.sleep(200);
                    }
                    Thread.sleep(1_000); // anything still in flight would show as a difference
                    assertThat(SinkChecks.tableWindows(pgPort)).isEqualTo(expected);
                    long jumps = SinkChecks.count(broker.bootstrapServers(), cfg.topics().alerts());
                    assertThat(jumps).isPositive();
                    assertThat(SinkChecks.query(pgPort, "SELECT count(*) FROM sensor_jump_alerts")).isEqualTo(Long.toString(jumps));
                } finally {
                    second.toHandle().destroy();
                    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                }
                assertThat(Files.readString(log)).contains("sensorstream sinks [postgres] reading from");
            }
        }
    }
}
