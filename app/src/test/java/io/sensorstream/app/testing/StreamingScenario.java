package io.sensorstream.app.testing;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.engine.AnalyticsOutput;
import io.sensorstream.core.engine.PartitionAnalytics;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.streams.processor.DiagnosticHeaders;
import java.util.Collection;
import java.util.TreeMap;
import io.sensorstream.app.config.PipelineAssembly;
import io.sensorstream.core.state.AnalyticsState;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.pipeline.TopicProvisioner;
import io.sensorstream.app.simulate.SimulatorRunner;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatedRecord;
import io.sensorstream.core.simulate.SimulatorSettings;
import io.sensorstream.core.window.WindowSpec;
import io.sensorstream.streams.PipelineSettings;
import io.sensorstream.streams.testing.GroundTruth;
import io.sensorstream.streams.testing.OutputRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * A fault-injection run: a producer streams a known, disordered input (with malformed and late records) for as long as
 * the scenario lasts, then the outputs read with read_committed are compared with the ground truth and the numbers
 * of lost and duplicated results are counted (not assumed).
 */
public final class StreamingScenario {

    private static final long T0 = 1_700_000_000_000L;

    /**
     * Configuration of the scenarios' processors (see {@link ProcessorProcess}): the detector suite runs with its
     * defaults plus silent-sensor alerts, so its state is part of what must survive the faults.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of("SENSORSTREAM_DETECT_SILENT_AFTER", "20s");

    private final String bootstrap;
    private final SensorstreamConfig cfg;
    private final PipelineSettings settings;
    private final ConcurrentLinkedQueue<Object[]> acked = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread producer;

    /** Outcome of the comparison. */
    public record Outcome(long records, int windows, int alerts, long malformed, int late, long lost, long duplicated,
                          int alertEvents) {
    }

    public StreamingScenario(String bootstrap, String applicationId, long seed) {
        this(bootstrap, applicationId, seed, 600.0);
    }

    /** @param speedup event time runs this many times faster than the wall clock (600: a 60 s window every 0.1 s) */
    public StreamingScenario(String bootstrap, String applicationId, long seed, double speedup) {
        this.bootstrap = bootstrap;
        this.cfg = new ConfigLoader(ENVIRONMENT).read(null, Map.of("bootstrap-servers", bootstrap, "application-id", applicationId));
        this.settings = new PipelineAssembly(cfg).pipelineSettings();
        List<String> topics = new ArrayList<>(settings.topics().outputs());
        topics.add(settings.topics().raw());
        TopicProvisioner.ensure(ProcessorRunner.clientProperties(cfg), topics, 4, (short) -1, cfg.topics().configs());
        // 20 sensors, 1 reading/s each, event time 600x the wall clock: a 60 s window closes every 0.1 s
        SimulatorSettings sim = new SimulatorSettings(20, 1, seed, T0, 5_000, 0.002, 180_000, 0.005);
        producer = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> p = SimulatorRunner.createProducer(ProcessorRunner.clientProperties(cfg))) {
                new SimulatorRunner(p, settings.topics().raw()).run(new SensorSimulator(sim), -1, null, speedup, stop::get,
                        (r, m, e) -> {
                            if (e == null) acked.add(new Object[] {r, m.partition(), m.offset()});
                        });
            }
        }, "scenario-producer");
    }

    public StreamingScenario startProducing() {
        producer.start();
        return this;
    }

    public void stopProducing() throws InterruptedException {
        stop.set(true);
        producer.join(60_000);
    }

    /** Waits for the outputs to match the ground truth and asserts they do; returns the counts. */
    public Outcome verify() throws InterruptedException {
        return verify(bootstrap, settings, acked);
    }

    /**
     * Compares the output topics with the ground truth of what was produced: {@code acked} holds
     * {@code {SimulatedRecord, partition, offset}} per acknowledged record. Asserts no loss, no duplicate, equal values,
     * every dead letter with its reason and source, every late reading on the late topic.
     */
    public static Outcome verify(String bootstrap, PipelineSettings settings, Collection<Object[]> acked)
            throws InterruptedException {
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
        try (TopicReader aggregated = new TopicReader(bootstrap, settings.topics().aggregated());
             TopicReader alerts = new TopicReader(bootstrap, settings.topics().alerts());
             TopicReader dlq = new TopicReader(bootstrap, settings.topics().deadLetter());
             TopicReader late = new TopicReader(bootstrap, settings.topics().late());
             TopicReader events = new TopicReader(bootstrap, settings.topics().alertEvents())) {
            Map<String, Long> expectedEvents = expectedAlertEvents(sent, settings);
            long expectedEventCount = expectedEvents.values().stream().mapToLong(Long::longValue).sum();
            Duration wait = Duration.ofSeconds(120);
            aggregated.pollUntil(rs -> rs.size() >= expected.windows().size(), wait);
            alerts.pollUntil(rs -> rs.size() >= expected.alerts().size(), wait);
            dlq.pollUntil(rs -> rs.size() >= malformedCount, wait);
            late.pollUntil(rs -> rs.size() >= expected.late().size(), wait);
            events.pollUntil(rs -> rs.size() >= expectedEventCount, wait);
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
            Map<String, Long> eventCounts = values(events.poll()).stream().collect(Collectors.groupingBy(
                    n -> n.get("alert_id").asText() + " " + n.get("state").asText(), Collectors.counting()));
            long lostEvents = expectedEvents.entrySet().stream()
                    .mapToLong(e -> Math.max(0, e.getValue() - eventCounts.getOrDefault(e.getKey(), 0L))).sum();
            long extraEvents = eventCounts.entrySet().stream()
                    .mapToLong(e -> Math.max(0, e.getValue() - expectedEvents.getOrDefault(e.getKey(), 0L))).sum();
            expectedEvents.forEach((k, c) -> {
                if (eventCounts.getOrDefault(k, 0L) < c) System.out.println("lost alert event " + k);
            });
            eventCounts.forEach((k, c) -> {
                if (c > expectedEvents.getOrDefault(k, 0L)) System.out.println("extra alert event " + k + " x" + c);
            });
            lost += lostEvents;
            long duplicated = extraEvents + windowCounts.values().stream().mapToLong(c -> c - 1).sum()
                    + alertCounts.entrySet().stream()
                    .mapToLong(e -> Math.max(0, e.getValue() - expectedAlertCounts.getOrDefault(e.getKey(), 0L))).sum();
            expected.windows().keySet().stream().filter(k -> !windowCounts.containsKey(k.sensorId() + "/" + k.startMs()))
                    .limit(10).forEach(k -> System.out.println("lost window " + k));
            expectedAlertCounts.forEach((k, c) -> {
                if (alertCounts.getOrDefault(k, 0L) < c) System.out.println("lost alert " + k);
            });
            windowCounts.forEach((k, c) -> {
                if (c > 1) System.out.println("duplicated window " + k + " x" + c);
            });
            Outcome outcome = new Outcome(acked.size(), expected.windows().size(), expected.alerts().size(), malformed,
                    expected.late().size(), lost, duplicated, (int) expectedEventCount);
            assertThat(expectedEventCount).as("the scenario raised alert lifecycle events").isGreaterThan(20);
            assertThat(expected.windows()).as("the scenario closed enough windows").hasSizeGreaterThan(300);
            assertThat(lost).as("lost").isZero();
            assertThat(duplicated).as("duplicated").isZero();
            OutputRecords.assertWindowsMatch(windows, expected.windows());
            OutputRecords.assertAlertsMatch(alertValues, expected.alerts());
            assertThat(dlq.poll()).hasSize((int) malformed);
            for (ConsumerRecord<byte[], byte[]> r : dlq.poll()) {
                assertThat(r.headers().lastHeader(DiagnosticHeaders.REASON)).isNotNull();
                assertThat(r.headers().lastHeader(DiagnosticHeaders.SOURCE_OFFSET)).isNotNull();
            }
            assertThat(late.poll()).hasSize(expected.late().size());
            return outcome;
        }
    }

    /**
     * The detector suite's events for what was sent, from the same engine run offline per partition in offset order
     * (no faults): {@code "alertId STATE"} with how often each must appear.
     */
    static Map<String, Long> expectedAlertEvents(List<GroundTruth.Sent> sent, PipelineSettings settings) {
        Map<Integer, List<Reading>> byPartition = new TreeMap<>();
        sent.forEach(s -> byPartition.computeIfAbsent(s.partition(), k -> new ArrayList<>()).add(s.reading()));
        Map<String, Long> counts = new HashMap<>();
        byPartition.forEach((partition, readings) -> {
            PartitionAnalytics engine = new PartitionAnalytics(
                    settings.analytics(), AnalyticsState.inMemory(),
                    new AnalyticsOutput() {


                        @Override
                        public void alertEvent(AlertEvent e) {
                            counts.merge(e.alertId() + " " + e.state(), 1L, Long::sum);
                        }

                    });
            for (Reading r : readings) {
                engine.onReading(r);
            }
        });
        return counts;
    }

    private static List<JsonNode> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> OutputRecords.parse(r.value())).collect(Collectors.toList());
    }
}
