package io.sensorstream.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.DetectorSet;
import io.sensorstream.core.detect.RangeDetector;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.reading.MetricSpec;
import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.ReadingParser;
import io.sensorstream.core.reading.TimestampFormat;
import java.util.Arrays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatedRecord;
import io.sensorstream.core.simulate.SimulatorSettings;
import io.sensorstream.core.window.WindowDefinition;
import io.sensorstream.core.window.WindowSpec;
import io.sensorstream.streams.metrics.PipelineMetrics;
import io.sensorstream.streams.processor.DiagnosticHeaders;
import io.sensorstream.streams.testing.GroundTruth;
import io.sensorstream.streams.testing.OutputRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import io.sensorstream.core.engine.AnalyticsSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorTopologyTest {

    private static final long T0 = 1_700_000_040_000L; // a multiple of 60 s
    private static final WindowSpec WINDOW_60S = WindowSpec.tumbling(Duration.ofSeconds(60));

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private PipelineMetrics metrics;
    private Topics topics = Topics.defaults();

    private void start(PipelineSettings settings) {
        metrics = PipelineMetrics.unexported();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(SensorTopology.build(settings, metrics), props, Instant.ofEpochMilli(T0));
        topics = settings.topics();
        raw = driver.createInputTopic(topics.raw(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void start() {
        start(PipelineSettings.seedDefaults());
    }

    @AfterEach
    void close() {
        if (driver != null) driver.close();
    }

    private void send(String sensor, long ts, double value) {
        send(sensor, "{\"sensor_id\":\"" + sensor + "\",\"temperature\":" + value + ",\"timestamp\":" + ts + "}");
    }

    private void send(String key, String value) {
        raw.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private List<JsonNode> read(String topic) {
        TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return out.readValuesToList().stream().map(OutputRecords::parse).collect(Collectors.toList());
    }

    private List<TestRecord<byte[], byte[]>> readRecords(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void emitsEachWindowOnceWhenTheWatermarkPassesItsEnd() {
        start();
        send("a", T0 + 1_000, 20.0);
        send("b", T0 + 2_000, 10.0);
        send("a", T0 + 30_000, 22.0);
        send("a", T0 + 59_999, 27.0);
        send("a", T0 + 64_999, 21.0); // watermark = T0 + 59 999: window [T0, T0+60 s) still open
        assertThat(read(topics.aggregated())).isEmpty();
        send("b", T0 + 65_000, 11.0); // watermark = T0 + 60 000: closes it
        List<JsonNode> windows = read(topics.aggregated());
        assertThat(windows).hasSize(2);
        JsonNode a = windows.stream().filter(n -> n.get("sensor_id").asText().equals("a")).findFirst().orElseThrow();
        assertThat(a.get("window_start_utc").asLong()).isEqualTo(T0);
        assertThat(a.get("window_end_utc").asLong()).isEqualTo(T0 + 60_000);
        assertThat(a.get("count_readings").asLong()).isEqualTo(3);
        assertThat(a.get("avg_temperature").asDouble()).isCloseTo(23.0, within(1e-12));
        assertThat(a.get("min_temperature").asDouble()).isEqualTo(20.0);
        assertThat(a.get("max_temperature").asDouble()).isEqualTo(27.0);
        assertThat(a.get("stddev_temperature").asDouble()).isCloseTo(Math.sqrt(13), within(1e-12));
        assertThat(a.get("processing_time_utc").asLong()).isEqualTo(T0);
        JsonNode b = windows.stream().filter(n -> n.get("sensor_id").asText().equals("b")).findFirst().orElseThrow();
        assertThat(b.get("count_readings").asLong()).isEqualTo(1);
        send("a", T0 + 70_000, 21.5);
        assertThat(read(topics.aggregated())).as("no window is emitted twice").isEmpty();
        assertThat(metrics.windowsEmittedTotal()).isEqualTo(2);
    }

    @Test
    void outOfOrderInputWithinTheBoundGivesTheSameResultsAsSortedInput() {
        long[] times = {1_000, 4_000, 2_000, 3_500, 61_000, 58_000, 62_000, 59_500, 120_500, 117_000, 125_000, 190_000};
        double[] values = {20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
        start();
        for (int i = 0; i < times.length; i++) send("s", T0 + times[i], values[i]);
        List<JsonNode> shuffled = read(topics.aggregated());
        driver.close();

        Integer[] order = new Integer[times.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Long.compare(times[x], times[y]));
        stateDir = stateDir.resolve("sorted");
        start();
        for (int i : order) send("s", T0 + times[i], values[i]);
        List<JsonNode> sorted = read(topics.aggregated());

        assertThat(shuffled).hasSize(3);
        assertThat(strip(shuffled)).isEqualTo(strip(sorted));
        assertThat(shuffled).extracting(n -> n.get("count_readings").asLong()).containsExactly(6L, 3L, 2L);
        assertThat(metrics.lateTotal()).isZero();
    }

    private static List<String> strip(List<JsonNode> nodes) {
        return nodes.stream().map(n -> {
            // summation order differs, so the last bits of floating-point results may too
            ObjectNode o = (ObjectNode) n;
            o.remove("processing_time_utc");
            for (String f : new String[] {"avg_temperature", "stddev_temperature", "sum_temperature"}) {
                o.put(f, Math.round(o.get(f).asDouble() * 1e9) / 1e9);
            }
            return o.toString();
        }).collect(Collectors.toList());
    }

    @Test
    void malformedRecordsGoToTheDeadLetterTopicWithReasonAndOriginalBytes() {
        start();
        send("a", T0, 20.0);
        send("bad", "{\"sensor_id\":\"bad\",\"temperature\":\"hot\",\"timestamp\":1}");
        send(null, "definitely not json");
        send("x", (String) null);
        send("a", T0 + 1_000, 20.5);
        List<TestRecord<byte[], byte[]>> dead = readRecords(topics.deadLetter());
        assertThat(dead).hasSize(3);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"sensor_id\":\"bad\",\"temperature\":\"hot\",\"timestamp\":1}");
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("bad");
        assertThat(header(dead.get(0).headers(), DiagnosticHeaders.REASON)).isEqualTo("wrong_type");
        assertThat(header(dead.get(0).headers(), DiagnosticHeaders.DETAIL)).contains("temperature");
        assertThat(header(dead.get(0).headers(), DiagnosticHeaders.SOURCE_TOPIC)).isEqualTo(topics.raw());
        assertThat(header(dead.get(0).headers(), DiagnosticHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(header(dead.get(1).headers(), DiagnosticHeaders.REASON)).isEqualTo("malformed_json");
        assertThat(dead.get(1).key()).isNull();
        assertThat(header(dead.get(2).headers(), DiagnosticHeaders.REASON)).isEqualTo("empty");
        assertThat(metrics.rejectedTotal()).isEqualTo(3);
        assertThat(metrics.recordsIn()).isEqualTo(5);
    }

    @Test
    void readingsForClosedWindowsGoToTheLateTopic() {
        start();
        send("a", T0 + 10_000, 20.0);
        send("a", T0 + 70_000, 21.0); // closes [T0, T0+60 s)
        send("a", T0 + 59_000, 99.0); // its window is closed: late
        send("a", T0 + 66_000, 21.2); // before the watermark but its window is open: counted
        send("a", T0 + 130_000, 21.4); // closes [T0+60 s, T0+120 s)
        List<JsonNode> windows = read(topics.aggregated());
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).get("count_readings").asLong()).isEqualTo(1);
        assertThat(windows.get(0).get("max_temperature").asDouble()).isEqualTo(20.0);
        assertThat(windows.get(1).get("count_readings").asLong()).isEqualTo(2);
        List<TestRecord<byte[], byte[]>> late = readRecords(topics.late());
        assertThat(late).hasSize(1);
        assertThat(new String(late.get(0).value(), StandardCharsets.UTF_8)).contains("99.0");
        assertThat(header(late.get(0).headers(), DiagnosticHeaders.REASON)).isEqualTo("late");
        assertThat(header(late.get(0).headers(), DiagnosticHeaders.WINDOW_START)).isEqualTo(Long.toString(T0));
        assertThat(header(late.get(0).headers(), DiagnosticHeaders.WATERMARK)).isEqualTo(Long.toString(T0 + 65_000));
        assertThat(metrics.lateTotal()).isEqualTo(1);
        assertThat(read(topics.alerts())).as("a late reading never alerts").isEmpty();
    }

    @Test
    void jumpAlertsFollowEventTimeOrderNotArrivalOrder() {
        start();
        send("s", T0 + 1_000, 20.0);
        send("s", T0 + 3_000, 21.0);
        send("s", T0 + 2_000, 40.0); // arrives last, belongs in the middle
        assertThat(read(topics.alerts())).as("held until the watermark passes").isEmpty();
        send("s", T0 + 20_000, 21.0);
        List<JsonNode> alerts = read(topics.alerts());
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).get("previous_temperature").asDouble()).isEqualTo(20.0);
        assertThat(alerts.get(0).get("current_temperature").asDouble()).isEqualTo(40.0);
        assertThat(alerts.get(0).get("timestamp").asLong()).isEqualTo(T0 + 2_000);
        assertThat(alerts.get(0).get("delta").asDouble()).isCloseTo(20.0, within(1e-12));
        assertThat(alerts.get(0).get("threshold").asDouble()).isEqualTo(5.0);
        assertThat(alerts.get(1).get("previous_temperature").asDouble()).isEqualTo(40.0);
        assertThat(alerts.get(1).get("current_temperature").asDouble()).isEqualTo(21.0);
        assertThat(alerts.get(1).get("previous_timestamp").asLong()).isEqualTo(T0 + 2_000);
        assertThat(metrics.alertsTotal()).isEqualTo(2);
    }

    @Test
    void partitionGaugesReadZeroNotNaNBeforeTheFirstReading() {
        start();
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(metrics.registry().get("sensorstream.sensors.active").gauge().value()).isZero();
        assertThat(metrics.registry().get("sensorstream.windows.open").gauge().value()).isZero();
        assertThat(metrics.registry().get("sensorstream.readings.pending").gauge().value()).isZero();
        assertThat(metrics.registry().get("sensorstream.watermark.lag").gauge().value()).as("no event time yet: unknown").isNaN();
    }

    @Test
    void withDeduplicationARepeatedReadingCountsOnceAndIsCounted() {
        start(new PipelineSettings(Topics.defaults(), AnalyticsSpec.seedDefaults().withDeduplication(true), Duration.ZERO, true));
        send("a", T0 + 1_000, 20.0);
        send("a", T0 + 1_000, 20.0); // a redelivery (MQTT QoS 1, an HTTP retry)
        send("a", T0 + 2_000, 22.0);
        send("a", T0 + 65_000, 21.0);
        List<JsonNode> windows = read(topics.aggregated());
        assertThat(windows).singleElement().satisfies(w -> assertThat(w.get("count_readings").asLong()).isEqualTo(2));
        assertThat(metrics.duplicateTotal()).isEqualTo(1);
    }

    @Test
    void detectorScoresGoToTheScoresTopicOnlyWhenOneIsConfigured() {
        DetectionPlan plan = new DetectionPlan(
                List.of(new DetectorSet("*", List.of(new RangeDetector(0, 50)))),
                0, new AlertLifecycle(1, 0), "topology-test");
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withTiming(0, 0, 0).withDetection(plan);
        start(new PipelineSettings(Topics.defaults().withScores("sensor-scores"), spec, Duration.ZERO, true));
        send("a", T0, 20);
        send("a", T0 + 1_000, 60);
        send("a", T0 + 2_000, 20);
        send("a", T0 + 3_000, 20); // moves the watermark (no delay here) past the reading before it
        List<TestRecord<byte[], byte[]>> records = readRecords("sensor-scores");
        assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsOnly("a");
        assertThat(records).extracting(TestRecord::timestamp).containsExactly(T0, T0 + 1_000, T0 + 2_000);
        List<JsonNode> scores = records.stream().map(r -> OutputRecords.parse(r.value())).toList();
        assertThat(scores).extracting(n -> n.get("detector").asText() + " " + n.get("value").asDouble() + " " + n.get("anomalous").asBoolean())
                .containsExactly("range 20.0 false", "range 60.0 true", "range 20.0 false");
        assertThat(scores.get(1).get("schema").asText()).isEqualTo("sensorstream.score.v1");
        assertThat(read(topics.alertEvents())).extracting(n -> n.get("state").asText()).containsExactly("FIRING", "RESOLVED");
        driver.close();
        driver = null;
        start(new PipelineSettings(Topics.defaults(), spec, Duration.ZERO, true));
        assertThat(topics.outputs()).doesNotContain("sensor-scores");
        send("a", T0, 20);
        send("a", T0 + 1_000, 60);
        send("a", T0 + 2_000, 20);
        assertThat(driver.producedTopicNames()).as("no scores topic by default").doesNotContain("sensor-scores", "")
                .contains(topics.alertEvents());
    }

    @Test
    void alertLifecycleEventsGoToTheirOwnTopic() {
        DetectionPlan plan = new DetectionPlan(
                List.of(new DetectorSet("*", List.of(new RangeDetector(0, 50)))),
                10_000, new AlertLifecycle(3, 0), "topology-test");
        PipelineSettings settings = new PipelineSettings(Topics.defaults(),
                AnalyticsSpec.seedDefaults().withTiming(0, 0, 0).withDetection(plan), Duration.ZERO, true);
        start(settings);
        send("a", T0, 20);
        send("b", T0, 20);
        send("a", T0 + 1_000, 60);
        send("a", T0 + 2_000, 61);
        send("a", T0 + 3_000, 20);
        List<JsonNode> firing = read(topics.alertEvents());
        assertThat(firing).singleElement().satisfies(e -> {
            assertThat(e.get("schema").asText()).isEqualTo("sensorstream.alert.v1");
            assertThat(e.get("state").asText()).isEqualTo("FIRING");
            assertThat(e.get("detector").asText()).isEqualTo("range");
            assertThat(e.get("severity").asText()).isEqualTo("critical");
            assertThat(e.get("value").asDouble()).isEqualTo(60);
            assertThat(e.get("upper").asDouble()).isEqualTo(50);
            assertThat(e.get("timestamp").asLong()).isEqualTo(T0 + 1_000);
        });
        assertThat(read(topics.alerts())).as("the seed's jump alerts still go to their topic").hasSize(1); // 20 -> 60
        send("a", T0 + 4_000, 20);
        send("a", T0 + 5_000, 20);
        send("a", T0 + 12_000, 20);
        List<JsonNode> later = read(topics.alertEvents());
        assertThat(later).extracting(e -> e.get("sensor_id").asText() + " " + e.get("detector").asText() + " " + e.get("state").asText())
                .containsExactly("a range RESOLVED", "b silent FIRING");
        assertThat(later.get(0).get("alert_id").asText()).isEqualTo(firing.get(0).get("alert_id").asText());
        assertThat(later.get(1).get("timestamp").asLong()).isEqualTo(T0 + 10_000);
        assertThat(later.get(1).get("value").isNull()).as("a silent alert has no value").isTrue();
    }

    @Test
    void inputNotKeyedBySensorIsRekeyedThroughTheRepartitionTopic() {
        start(PipelineSettings.seedDefaults().withRepartitionTopic("topology-test-readings-by-sensor"));
        send(null, "{\"sensor_id\":\"a\",\"temperature\":20.0,\"timestamp\":" + (T0 + 1_000) + "}");
        send("gateway-7", "{\"sensor_id\":\"a\",\"temperature\":22.0,\"timestamp\":" + (T0 + 2_000) + "}");
        send("gateway-7", "{\"sensor_id\":\"b\",\"temperature\":10.0,\"timestamp\":" + (T0 + 3_000) + "}");
        send("gateway-7", "{\"sensor_id\":\"b\",\"temperature\":");
        send(null, "{\"sensor_id\":\"b\",\"temperature\":11.0,\"timestamp\":" + (T0 + 70_000) + "}");
        List<TestRecord<byte[], byte[]>> rekeyed = readRecords("topology-test-readings-by-sensor");
        assertThat(rekeyed).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("a", "a", "b", "gateway-7", "b");
        List<JsonNode> windows = read(topics.aggregated());
        assertThat(windows).extracting(w -> w.get("sensor_id").asText() + " " + w.get("count_readings").asLong())
                .containsExactlyInAnyOrder("a 2", "b 1");
        List<TestRecord<byte[], byte[]>> dead = readRecords(topics.deadLetter());
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).as("a broken record keeps its key").isEqualTo("gateway-7");
            assertThat(header(r.headers(), DiagnosticHeaders.SOURCE_TOPIC)).as("points at the input, not the repartition topic")
                    .isEqualTo(topics.raw());
            assertThat(header(r.headers(), DiagnosticHeaders.SOURCE_OFFSET)).isEqualTo("3");
        });
    }

    @Test
    void sensorsAreIndependent() {
        start();
        send("a", T0 + 1_000, 20.0);
        send("b", T0 + 1_500, 40.0);
        send("a", T0 + 2_000, 21.0);
        send("b", T0 + 2_500, 41.0);
        send("a", T0 + 30_000, 21.0);
        assertThat(read(topics.alerts())).isEmpty();
    }

    @Test
    void hoppingWindowsCountEachReadingInEveryWindowThatContainsIt() {
        PipelineSettings seed = PipelineSettings.seedDefaults();
        start(seed.withAnalytics(seed.analytics().withWindows(List.of(
                WindowDefinition.hopping(Duration.ofSeconds(20), Duration.ofSeconds(10)))).withTiming(0, 0, 0)));
        send("s", T0 + 5_000, 1.0);
        send("s", T0 + 15_000, 2.0);
        send("s", T0 + 25_000, 3.0);
        send("s", T0 + 40_000, 4.0);
        List<JsonNode> windows = read(topics.aggregated());
        assertThat(windows).extracting(n -> n.get("window_start_utc").asLong() - T0)
                .containsExactly(-10_000L, 0L, 10_000L, 20_000L);
        assertThat(windows).extracting(n -> n.get("count_readings").asLong()).containsExactly(1L, 2L, 2L, 1L);
        assertThat(windows.get(2).get("avg_temperature").asDouble()).isEqualTo(2.5);
    }

    @Test
    void customFieldNamesAndMetric() {
        PipelineSettings seed = PipelineSettings.seedDefaults();
        start(seed.withAnalytics(seed.analytics().withFormat(ReadingFormat.single("id", "humidity", "ts", 0, 100))
                .withWindows(List.of(WindowDefinition.tumbling(Duration.ofSeconds(10)))).withTiming(0, 0, 0)));
        send("h", "{\"id\":\"h\",\"humidity\":40,\"ts\":" + T0 + "}");
        send("h", "{\"id\":\"h\",\"humidity\":120,\"ts\":" + (T0 + 1) + "}");
        send("h", "{\"id\":\"h\",\"humidity\":50,\"ts\":" + (T0 + 10_000) + "}");
        List<JsonNode> windows = read(topics.aggregated());
        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).get("avg_humidity").asDouble()).isEqualTo(40.0);
        assertThat(windows.get(0).get("count_humidity").asLong()).isEqualTo(1);
        assertThat(readRecords(topics.deadLetter())).hasSize(1);
    }

    @Test
    void disorderedSimulatedStreamEqualsGroundTruth() {
        PipelineSettings settings = PipelineSettings.seedDefaults();
        start(settings);
        SensorSimulator sim = new SensorSimulator(new SimulatorSettings(7, 2, 11, T0, 5_000, 0.01, 180_000, 0.02));
        List<GroundTruth.Sent> sent = new ArrayList<>();
        int malformed = 0;
        for (int i = 0; i < 20_000; i++) {
            SimulatedRecord r = sim.next();
            raw.pipeInput(r.key().getBytes(StandardCharsets.UTF_8), r.value());
            if (r.reading() != null) sent.add(new GroundTruth.Sent(0, r.reading()));
            else malformed++;
        }
        GroundTruth.Expected expected = GroundTruth.compute(sent, WINDOW_60S, 5_000, 5.0);
        assertThat(expected.windows()).hasSizeGreaterThan(100);
        assertThat(expected.alerts()).hasSizeGreaterThan(100);
        assertThat(expected.late()).hasSizeGreaterThan(50);
        OutputRecords.assertWindowsMatch(read(topics.aggregated()), expected.windows());
        OutputRecords.assertAlertsMatch(read(topics.alerts()), expected.alerts());
        List<Reading> late = readRecords(topics.late()).stream()
                .map(rec -> ((ParseResult.Valid) new ReadingParser(
                        ReadingFormat.seedDefault()).parse(rec.value())).reading())
                .collect(Collectors.toList());
        assertThat(late).containsExactlyElementsOf(expected.late());
        assertThat(metrics.rejectedTotal()).isEqualTo(malformed);
        assertThat(metrics.recordsIn()).isEqualTo(20_000);
    }

    @Test
    void allowedLatenessPublishesRevisionsAndSendsTheRestToTheLateTopic() {
        PipelineSettings seed = PipelineSettings.seedDefaults();
        start(seed.withAnalytics(seed.analytics().withTiming(5_000, 30_000, 0)));
        send("a", T0 + 10_000, 20.0);
        send("a", T0 + 70_000, 21.0);  // closes [T0, T0+60 s)
        send("a", T0 + 50_000, 30.0);  // within 30 s lateness: update
        send("a", T0 + 100_000, 21.0); // W = T0+95 s: past the lateness
        send("a", T0 + 40_000, 40.0);  // late
        List<JsonNode> windows = read(topics.aggregated());
        assertThat(windows).extracting(n -> n.get("emit").asText()).containsExactly("final", "update");
        assertThat(windows).extracting(n -> n.get("revision").asInt()).containsExactly(0, 1);
        assertThat(windows.get(1).get("count_readings").asLong()).isEqualTo(2);
        assertThat(windows.get(1).get("max_temperature").asDouble()).isEqualTo(30.0);
        List<TestRecord<byte[], byte[]>> late = readRecords(topics.late());
        assertThat(late).hasSize(1);
        assertThat(header(late.get(0).headers(), DiagnosticHeaders.WINDOW_NAME)).isEqualTo("tumbling-1m");
        assertThat(header(late.get(0).headers(), DiagnosticHeaders.DETAIL)).contains("past its allowed lateness");
        assertThat(metrics.windowsEmitted(EmitKind.UPDATE)).isEqualTo(1);
    }

    @Test
    void sessionAndTumblingWindowsSideBySide() {
        PipelineSettings seed = PipelineSettings.seedDefaults();
        start(seed.withAnalytics(seed.analytics().withWindows(List.of(WindowDefinition.tumbling(Duration.ofSeconds(60)),
                WindowDefinition.session(Duration.ofSeconds(10)))).withTiming(0, 0, 0)));
        send("a", T0 + 1_000, 20.0);
        send("a", T0 + 5_000, 21.0);
        send("a", T0 + 30_000, 22.0); // gap of 25 s > 10 s: the first session closes
        send("a", T0 + 61_000, 23.0); // closes the minute and the second session
        List<JsonNode> windows = read(topics.aggregated());
        assertThat(windows).extracting(n -> n.get("window_name").asText() + "/" + n.get("count_readings").asLong())
                .containsExactlyInAnyOrder("session-10s/2", "session-10s/1", "tumbling-1m/3");
        JsonNode session = windows.stream().filter(n -> n.get("window_kind").asText().equals("session")).findFirst().orElseThrow();
        assertThat(session.get("window_start_utc").asLong()).isEqualTo(T0 + 1_000);
        assertThat(session.get("window_end_utc").asLong()).isEqualTo(T0 + 5_000);
    }

    @Test
    void idleTimeoutClosesWindowsWhenInputStops() {
        PipelineSettings seed = PipelineSettings.seedDefaults();
        start(seed.withIdleTimeout(Duration.ofSeconds(10)));
        send("a", T0 + 1_000, 20.0);
        send("a", T0 + 2_000, 21.0);
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(read(topics.aggregated())).as("not idle yet").isEmpty();
        driver.advanceWallClockTime(Duration.ofSeconds(6)); // idle for 11 s: event time follows the clock from now
        driver.advanceWallClockTime(Duration.ofSeconds(70));
        List<JsonNode> windows = read(topics.aggregated());
        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).get("count_readings").asLong()).isEqualTo(2);
    }

    @Test
    void silentSensorsOfAQuietPartitionAlertThroughTheWallClockPunctuator() {
        DetectionPlan plan = new DetectionPlan(List.of(), 30_000,
                new AlertLifecycle(3, 0), "silent-test");
        PipelineSettings seed = PipelineSettings.seedDefaults();
        start(new PipelineSettings(seed.topics(), seed.analytics().withDetection(plan), Duration.ofSeconds(10), true));
        send("a", T0 + 1_000, 20.0);
        send("b", T0 + 2_000, 21.0);
        driver.advanceWallClockTime(Duration.ofSeconds(20));
        assertThat(read(topics.alertEvents())).as("not silent for 30 s yet").isEmpty();
        driver.advanceWallClockTime(Duration.ofSeconds(40)); // no input at all: the watermark follows the clock
        List<JsonNode> events = read(topics.alertEvents());
        assertThat(events).extracting(e -> e.get("sensor_id").asText() + " " + e.get("detector").asText() + " "
                + e.get("state").asText() + " " + (e.get("timestamp").asLong() - T0))
                .containsExactly("a silent FIRING 31000", "b silent FIRING 32000");
    }

    @Test
    void futureTimestampsGoToTheDeadLetterTopic() {
        start();
        raw.pipeInput(new TestRecord<>("a".getBytes(StandardCharsets.UTF_8),
                ("{\"sensor_id\":\"a\",\"temperature\":20,\"timestamp\":" + (T0 + 2 * 86_400_000L) + "}").getBytes(StandardCharsets.UTF_8),
                Instant.ofEpochMilli(T0)));
        List<TestRecord<byte[], byte[]>> dead = readRecords(topics.deadLetter());
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0).headers(), DiagnosticHeaders.REASON)).isEqualTo("future_timestamp");
    }

    @Test
    void multiMetricTagsAndPercentilesReachTheResult() {
        PipelineSettings seed = PipelineSettings.seedDefaults();
        var format = new ReadingFormat("sensor_id", "timestamp",
                TimestampFormat.EPOCH_MILLIS,
                List.of(MetricSpec.of("temperature", -50, 100),
                        new MetricSpec("humidity", "humidity", 0, 100, false)),
                List.of("site"), 0);
        start(seed.withAnalytics(seed.analytics().withFormat(format).withTiming(0, 0, 0)));
        send("a", "{\"sensor_id\":\"a\",\"temperature\":20,\"humidity\":40,\"site\":\"lab\",\"timestamp\":" + T0 + "}");
        send("a", "{\"sensor_id\":\"a\",\"temperature\":22,\"site\":\"lab\",\"timestamp\":" + (T0 + 1_000) + "}");
        send("a", "{\"sensor_id\":\"a\",\"temperature\":27,\"humidity\":50,\"timestamp\":" + (T0 + 2_000) + "}");
        send("a", "{\"sensor_id\":\"a\",\"temperature\":20,\"timestamp\":" + (T0 + 60_000) + "}");
        JsonNode w = read(topics.aggregated()).get(0);
        assertThat(w.get("count_readings").asLong()).isEqualTo(3);
        assertThat(w.get("count_humidity").asLong()).isEqualTo(2);
        assertThat(w.get("avg_humidity").asDouble()).isEqualTo(45.0);
        assertThat(w.get("p50_temperature").asDouble()).isEqualTo(22.0);
        assertThat(w.get("p95_temperature").asDouble()).isCloseTo(26.5, within(1e-9));
        assertThat(w.get("first_temperature").asDouble()).isEqualTo(20.0);
        assertThat(w.get("last_temperature").asDouble()).isEqualTo(27.0);
        assertThat(w.get("rate_temperature").asDouble()).isCloseTo(3.5, within(1e-9));
        assertThat(w.get("tags").get("site").asText()).isEqualTo("lab");
        assertThat(w.get("schema").asText()).isEqualTo("sensorstream.window.v2");
    }

    @Test
    void disorderedStreamWithLatenessEqualsGroundTruthAndCountsAddUp() {
        PipelineSettings seed = PipelineSettings.seedDefaults();
        PipelineSettings settings = seed.withAnalytics(seed.analytics().withTiming(5_000, 60_000, 0));
        start(settings);
        // late readings 90 s behind: some within the 60 s lateness of their window, the rest beyond
        SensorSimulator sim = new SensorSimulator(new SimulatorSettings(6, 2, 21, T0, 5_000, 0.02, 90_000, 0.02));
        List<GroundTruth.Sent> sent = new ArrayList<>();
        int malformed = 0;
        for (int i = 0; i < 20_000; i++) {
            SimulatedRecord r = sim.next();
            raw.pipeInput(r.key().getBytes(StandardCharsets.UTF_8), r.value());
            if (r.reading() != null) sent.add(new GroundTruth.Sent(0, r.reading()));
            else malformed++;
        }
        GroundTruth.Expected expected = GroundTruth.compute(sent, WINDOW_60S, 5_000, 60_000, 5.0);
        assertThat(expected.updates()).as("the stream exercises updates").isGreaterThan(50);
        assertThat(expected.late()).as("and readings beyond the lateness").hasSizeGreaterThan(50);
        List<JsonNode> windows = read(topics.aggregated());
        OutputRecords.assertWindowsMatch(windows, expected.windows());
        OutputRecords.assertAlertsMatch(read(topics.alerts()), expected.alerts());
        assertThat(readRecords(topics.late())).hasSize(expected.late().size());
        assertThat(readRecords(topics.deadLetter())).hasSize(malformed);
        // in = accepted + late + dead letters; accepted = readings in published windows + in windows still open
        long inPublished = expected.windows().values().stream().mapToLong(GroundTruth.ExpectedWindow::count).sum();
        assertThat(metrics.recordsIn()).isEqualTo(inPublished + expected.openReadings() + expected.late().size() + malformed);
        assertThat(metrics.windowsEmitted(EmitKind.UPDATE)).isEqualTo(expected.updates());
    }
}
