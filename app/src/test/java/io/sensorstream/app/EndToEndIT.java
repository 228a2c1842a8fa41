package io.sensorstream.app;

import java.io.File;
import io.sensorstream.app.config.PipelineAssembly;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.simulate.SimulatorRunner;
import io.sensorstream.app.testing.Ports;
import io.sensorstream.app.testing.StreamingScenario;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatorSettings;
import io.sensorstream.streams.PipelineSettings;
import io.sensorstream.streams.testing.OutputRecords;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real Kafka broker: the simulator produces a known, disordered stream with malformed and
 * late records while the processor runs with exactly-once; the output topics, read with read_committed, must hold
 * exactly the ground truth computed offline from what was produced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final int RECORDS = 40_000;

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private int expectedWindowCount;

    @BeforeAll
    void startBroker() {
        broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 4, Map.of()).start(Duration.ofSeconds(90));
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) broker.close();
    }

    private SensorstreamConfig config(String appId) {
        return new ConfigLoader(StreamingScenario.ENVIRONMENT).read(null, Map.of(
                "application-id", appId,
                "bootstrap-servers", broker.bootstrapServers(),
                "processing.state-dir", dir.resolve("state-" + appId).toString()));
    }

    @Test
    @Order(1)
    void outputsEqualGroundTruthExactlyOnce() throws Exception {
        SensorstreamConfig cfg = config("e2e");
        PipelineSettings settings = new PipelineAssembly(cfg).pipelineSettings();
        ConcurrentLinkedQueue<Object[]> acked = new ConcurrentLinkedQueue<>();
        SimulatorRunner.Summary summary;
        long started;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ProcessorRunner processor = new ProcessorRunner(cfg, registry).start()) {
            assertThat(processor.awaitRunning(Duration.ofSeconds(60))).as("processor running").isTrue();
            started = System.nanoTime();
            SimulatorSettings sim = new SimulatorSettings(12, 1, 2024, T0, settings.analytics().watermarkDelayMs(), 0.005,
                    180_000, 0.01);
            try (KafkaProducer<byte[], byte[]> producer = SimulatorRunner.createProducer(ProcessorRunner.clientProperties(cfg))) {
                summary = new SimulatorRunner(producer, settings.topics().raw()).run(new SensorSimulator(sim), RECORDS, null,
                        false, () -> false, (record, metadata, error) -> {
                            assertThat(error).isNull();
                            acked.add(new Object[] {record, metadata.partition(), metadata.offset()});
                        });
            }
            assertThat(summary.failed()).isZero();
            assertThat(acked).hasSize(RECORDS);

            StreamingScenario.Outcome o = StreamingScenario.verify(broker.bootstrapServers(), settings, acked);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("e2e: %d records produced, processed and verified in %.1f s%n", RECORDS, seconds);
            assertThat(o.windows()).isGreaterThan(300);
            assertThat(o.alerts()).isGreaterThan(100);
            assertThat(o.late()).isPositive();
            assertThat(o.malformed()).isPositive();
            assertThat(processor.metrics().recordsIn()).isEqualTo(RECORDS);
            assertThat(processor.metrics().rejectedTotal()).isEqualTo(o.malformed());
            assertThat(processor.metrics().lateTotal()).isEqualTo(o.late());
            expectedWindowCount = o.windows();
            // what Prometheus scrapes says the same
            String scrape = registry.scrape();
            assertThat(metric(scrape, "sensorstream_records_in_total")).isEqualTo(RECORDS);
            assertThat(metric(scrape, "sensorstream_records_rejected_total")).isEqualTo(o.malformed());
            assertThat(metric(scrape, "sensorstream_readings_late_total")).isEqualTo(o.late());
            assertThat(metric(scrape, "sensorstream_windows_emitted_total{kind=\"final\"}")).isEqualTo(o.windows());
            assertThat(metric(scrape, "sensorstream_alerts_total")).isEqualTo(o.alerts());
            assertThat(o.alertEvents()).isGreaterThan(20);
            assertThat(metric(scrape, "sensorstream_alert_events_total")).as("alert events, all detectors and states")
                    .isEqualTo(o.alertEvents());
            // exactly-once commits timed from the first flush to the transaction's commit (CommitTimingClients)
            assertThat(metric(scrape, "sensorstream_commit_duration_seconds_count")).as("commits timed").isPositive();
            assertThat(processor.metrics().registry().find("sensorstream.commit.duration").timer().totalTime(TimeUnit.NANOSECONDS))
                    .as("time spent committing").isPositive();
        }
    }

    /** Interoperability: a third-party client (Debian's kcat, installed by .ci/run) reads the seed-format results. */
    @Test
    @Order(2)
    void kcatReadsTheAggregatedTopic() throws Exception {
        Assumptions.assumeTrue(expectedWindowCount > 0, "the end-to-end run did not complete");
        Assumptions.assumeTrue(onPath("kcat"), "kcat is not installed (.ci/run installs it)");
        String bootstrap = broker.bootstrapServers();
        String topic = "sensor-readings-aggregated";
        int expectedCount = expectedWindowCount;
        Process p = new ProcessBuilder("kcat", "-b", bootstrap, "-t", topic, "-C", "-e", "-q",
                "-X", "isolation.level=read_committed").redirectErrorStream(false).start();
        List<String> lines;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            lines = r.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).hasSize(expectedCount);
        JsonNode first = OutputRecords.parse(lines.get(0).getBytes(StandardCharsets.UTF_8));
        for (String field : List.of("sensor_id", "window_start_utc", "window_end_utc", "avg_temperature", "max_temperature",
                "min_temperature", "count_readings", "processing_time_utc")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
    }

    /** Sum of all samples of a Prometheus series (a name, or a name with its first labels). */
    private static long metric(String scrape, String series) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series) && (line.charAt(series.length()) == ' ' || line.charAt(series.length()) == '{'
                    || series.endsWith("}") || line.charAt(series.length()) == ',')) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (new File(d, tool).canExecute()) return true;
        }
        return false;
    }

}
