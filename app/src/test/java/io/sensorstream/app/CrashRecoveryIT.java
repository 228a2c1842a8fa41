package io.sensorstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.pipeline.TopicProvisioner;
import io.sensorstream.app.simulate.SimulatorRunner;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.app.testing.TopicReader;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatedRecord;
import io.sensorstream.core.simulate.SimulatorSettings;
import io.sensorstream.core.window.WindowSpec;
import io.sensorstream.streams.PipelineSettings;
import io.sensorstream.streams.testing.GroundTruth;
import io.sensorstream.streams.testing.OutputRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under {@code kill -9}: the processor runs as a separate OS process against the embedded broker while
 * a producer streams a known, disordered input with malformed and late records; the processor is killed with
 * SIGKILL at random moments and restarted each time. At the end the output topics, read with read_committed, must
 * hold every window result and alert exactly once, equal to the ground truth computed offline.
 *
 * <p>{@code -Dcrash.kills=N} sets the number of kills (default 3); {@code ./bench/crash-test --kills 20} runs the long
 * form. Prints {@code kills=N lost=L duplicated=D}, counted against the ground truth.
 */
class CrashRecoveryIT {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void exactlyOnceAcrossRepeatedKills() throws Exception {
        int kills = Integer.getInteger("crash.kills", 3);
        SplittableRandom random = new SplittableRandom(Long.getLong("crash.seed", 7));
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of())
                .start(Duration.ofSeconds(90))) {
            SensorstreamConfig cfg = new ConfigLoader(Map.of()).read(null, Map.of("bootstrap-servers", broker.bootstrapServers(),
                    "application-id", "crash-test"));
            PipelineSettings settings = cfg.pipelineSettings();
            List<String> topics = new ArrayList<>(settings.topics().outputs());
            topics.add(settings.topics().raw());
            TopicProvisioner.ensure(ProcessorRunner.clientProperties(cfg), topics, 4, (short) -1);

            // a producer streams for the whole test: 20 sensors, 1 reading/s each, event time 600x the wall clock
            ConcurrentLinkedQueue<Object[]> acked = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            SimulatorSettings sim = new SimulatorSettings(20, 1, 99, T0, 5_000, 0.002, 180_000, 0.005);
            Thread producer = new Thread(() -> {
                try (KafkaProducer<byte[], byte[]> p = SimulatorRunner.createProducer(ProcessorRunner.clientProperties(cfg))) {
                    new SimulatorRunner(p, settings.topics().raw()).run(new SensorSimulator(sim), -1, null, 600.0, stop::get,
                            (r, m, e) -> {
                                if (e == null) acked.add(new Object[] {r, m.partition(), m.offset()});
                            });
                }
            }, "crash-test-producer");
            producer.start();

            Process processor = startProcessor(broker, dir.resolve("state"));
            int done = 0;
            try {
                while (done < kills) {
                    Thread.sleep(1_500 + random.nextLong(2_500));
                    processor.toHandle().destroyForcibly(); // SIGKILL
                    assertThat(processor.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    done++;
                    processor = startProcessor(broker, dir.resolve("state"));
                }
                Thread.sleep(2_000);
            } finally {
                stop.set(true);
                producer.join(30_000);
            }

            List<Object[]> ordered = new ArrayList<>(acked);
            ordered.sort(Comparator.<Object[]>comparingInt(a -> (int) a[1]).thenComparingLong(a -> (long) a[2]));
            List<GroundTruth.Sent> sent = new ArrayList<>();
            long malformed = 0;
            for (Object[] a : ordered) {
                SimulatedRecord r = (SimulatedRecord) a[0];
                if (r.reading() == null) malformed++;
                else sent.add(new GroundTruth.Sent((int) a[1], r.reading()));
            }
            GroundTruth.Expected expected = GroundTruth.compute(sent, WindowSpec.tumbling(Duration.ofSeconds(60)),
                    settings.analytics().watermarkDelayMs(), settings.analytics().jumpThreshold());
            long malformedCount = malformed;
            String bootstrap = broker.bootstrapServers();
            try (TopicReader aggregated = new TopicReader(bootstrap, settings.topics().aggregated());
                 TopicReader alerts = new TopicReader(bootstrap, settings.topics().alerts());
                 TopicReader dlq = new TopicReader(bootstrap, settings.topics().deadLetter());
                 TopicReader late = new TopicReader(bootstrap, settings.topics().late())) {
                Duration wait = Duration.ofSeconds(120);
                aggregated.pollUntil(rs -> rs.size() >= expected.windows().size(), wait);
                alerts.pollUntil(rs -> rs.size() >= expected.alerts().size(), wait);
                dlq.pollUntil(rs -> rs.size() >= malformedCount, wait);
                late.pollUntil(rs -> rs.size() >= expected.late().size(), wait);
                Thread.sleep(3_000);
                List<JsonNode> windows = values(aggregated.poll());
                List<JsonNode> alertValues = values(alerts.poll());

                Map<String, Long> windowCounts = windows.stream().collect(Collectors.groupingBy(
                        n -> n.get("sensor_id").asText() + "/" + n.get("window_start_utc").asLong(), Collectors.counting()));
                Map<String, Long> alertCounts = alertValues.stream().collect(Collectors.groupingBy(
                        n -> n.get("sensor_id").asText() + "/" + n.get("timestamp").asLong(), Collectors.counting()));
                Map<String, Long> expectedAlertCounts = new HashMap<>();
                expected.alerts().forEach(a -> expectedAlertCounts.merge(a.sensorId() + "/" + a.eventTimeMs(), 1L, Long::sum));
                long lost = expected.windows().keySet().stream()
                        .filter(k -> !windowCounts.containsKey(k.sensorId() + "/" + k.startMs())).count()
                        + expectedAlertCounts.entrySet().stream()
                        .mapToLong(e -> Math.max(0, e.getValue() - alertCounts.getOrDefault(e.getKey(), 0L))).sum();
                long duplicated = windowCounts.values().stream().mapToLong(c -> c - 1).sum()
                        + alertCounts.entrySet().stream()
                        .mapToLong(e -> Math.max(0, e.getValue() - expectedAlertCounts.getOrDefault(e.getKey(), 0L))).sum();
                System.out.printf("crash test: records=%d windows=%d alerts=%d%n", acked.size(), expected.windows().size(),
                        expected.alerts().size());
                System.out.printf("kills=%d lost=%d duplicated=%d%n", done, lost, duplicated);

                assertThat(expected.windows()).hasSizeGreaterThan(500);
                assertThat(lost).as("lost").isZero();
                assertThat(duplicated).as("duplicated").isZero();
                OutputRecords.assertWindowsMatch(windows, expected.windows());
                OutputRecords.assertAlertsMatch(alertValues, expected.alerts());
                assertThat(dlq.poll()).hasSize((int) malformed);
                assertThat(late.poll()).hasSize(expected.late().size());
            } finally {
                processor.toHandle().destroy();
                processor.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startProcessor(EmbeddedKafkaBroker broker, Path stateDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + CrashRecoveryIT.class.getResource("/logback.xml"),
                "-cp", System.getProperty("java.class.path"), "io.sensorstream.app.Main", "run",
                "--bootstrap-servers", broker.bootstrapServers());
        pb.environment().put("SENSORSTREAM_APPLICATION_ID", "crash-test");
        pb.environment().put("SENSORSTREAM_HTTP_ENABLED", "false");
        pb.environment().put("SENSORSTREAM_PROCESSING_STATE_DIR", stateDir.toString());
        pb.environment().put("SENSORSTREAM_LOG_LEVEL", "WARN");
        // a killed member leaves the group after the session timeout: keep fail-over quick (the broker's minimum)
        pb.environment().put("SENSORSTREAM_KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000");
        pb.environment().put("SENSORSTREAM_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private static List<JsonNode> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> OutputRecords.parse(r.value())).collect(Collectors.toList());
    }
}
