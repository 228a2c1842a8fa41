package io.sensorstream.app.replay;

import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.DetectorSet;
import io.sensorstream.core.detect.EwmaZScoreDetector;
import io.sensorstream.core.detect.RateOfChangeDetector;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.SplittableRandom;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatedRecord;
import io.sensorstream.core.simulate.SimulatorSettings;
import io.sensorstream.core.window.WindowDefinition;
import io.sensorstream.streams.PipelineSettings;
import io.sensorstream.streams.SensorTopology;
import io.sensorstream.streams.metrics.PipelineMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /** The same disordered file through replay and through the Kafka Streams topology: identical results. */
    @Test
    void replayAndStreamingGiveIdenticalResults() throws Exception {
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withTiming(5_000, 30_000, 0).withWindows(List.of(
                WindowDefinition.tumbling(Duration.ofSeconds(60)), WindowDefinition.hopping(Duration.ofMinutes(5), Duration.ofMinutes(1)),
                WindowDefinition.tumbling(Duration.ofMinutes(15)), // ~900 values a window: past the exact limit, a t-digest
                WindowDefinition.session(Duration.ofSeconds(3)))).withDetection(new DetectionPlan(
                List.of(new DetectorSet("*", List.of(
                        new EwmaZScoreDetector(0.05, 4, 20, 0.01),
                        new RateOfChangeDetector(5)))),
                20_000, new AlertLifecycle(3, 10_000), "replay-test"));
        Path file = dir.resolve("readings.jsonl");
        SensorSimulator sim = new SensorSimulator(new SimulatorSettings(5, 1, 8, T0, 5_000, 0.03, 400_000, 0.01));
        List<SimulatedRecord> records = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6_000; i++) {
            SimulatedRecord r = sim.next();
            String line = new String(r.value(), StandardCharsets.UTF_8);
            if (line.contains("\n") || line.isBlank()) continue; // one record per line
            records.add(r);
            sb.append(line).append('\n');
        }
        Files.writeString(file, sb);

        ByteArrayOutputStream replayWindows = new ByteArrayOutputStream();
        ByteArrayOutputStream replayAlerts = new ByteArrayOutputStream();
        ByteArrayOutputStream replayScores = new ByteArrayOutputStream();
        Replayer.Summary summary = new Replayer(spec, false).replay(file, Replayer.Format.JSONL, null, replayWindows, replayAlerts,
                replayScores, null);
        assertThat(summary.windows()).isGreaterThan(200);
        assertThat(summary.late()).isPositive();

        PipelineSettings seed = PipelineSettings.seedDefaults();
        PipelineSettings settings = new PipelineSettings(seed.topics().withScores("sensor-scores"), spec, seed.idleTimeout(),
                seed.persistentState());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay-equality");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        List<String> streamed = new ArrayList<>();
        List<String> streamedAlerts = new ArrayList<>();
        List<String> streamedEvents = new ArrayList<>();
        List<String> streamedScores = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(SensorTopology.build(settings, PipelineMetrics.unexported()), props,
                Instant.ofEpochMilli(T0))) {
            TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(settings.topics().raw(), new ByteArraySerializer(), new ByteArraySerializer());
            for (SimulatedRecord r : records) {
                raw.pipeInput(r.key().getBytes(StandardCharsets.UTF_8), r.value(), Instant.ofEpochMilli(T0));
            }
            driver.createOutputTopic(settings.topics().aggregated(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readValuesToList().forEach(v -> streamed.add(normalise(v, "processing_time_utc")));
            driver.createOutputTopic(settings.topics().alerts(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readValuesToList().forEach(v -> streamedAlerts.add(normalise(v, "alert_time")));
            driver.createOutputTopic(settings.topics().alertEvents(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readValuesToList().forEach(v -> streamedEvents.add(normalise(v, "alert_time")));
            driver.createOutputTopic("sensor-scores", new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readValuesToList().forEach(v -> streamedScores.add(normalise(v, "none")));
        }
        List<String> replayed = lines(replayWindows, "processing_time_utc");
        assertThat(replayed).hasSize(streamed.size());
        assertThat(replayed.stream().filter(l -> l.matches(".*\"count_temperature\":(5[2-9][0-9]|[6-9][0-9][0-9]|[1-9][0-9]{3,})[,}].*")))
                .as("some windows are past the exact limit of 512 short decimals: the t-digest").isNotEmpty();
        assertThat(replayed).isEqualTo(streamed);
        List<String> replayedAlerts = lines(replayAlerts, "alert_time");
        assertThat(replayedAlerts.stream().filter(l -> !l.contains("sensorstream.alert.v1")).toList()).isEqualTo(streamedAlerts);
        assertThat(streamedEvents).as("the detector suite raised events").hasSizeGreaterThan(10);
        assertThat(replayedAlerts.stream().filter(l -> l.contains("sensorstream.alert.v1")).toList()).isEqualTo(streamedEvents);
        assertThat(summary.alertEvents()).isEqualTo(streamedEvents.size());
        assertThat(streamedScores).as("two detectors score every reading that is not late").hasSizeGreaterThan(2 * 5_000);
        assertThat(lines(replayScores, "none")).as("scores, replayed and streamed").isEqualTo(streamedScores);
        assertThat(summary.scores()).isEqualTo(streamedScores.size());
    }

    @Test
    void replaysANabCsvFileAsOneSensor() throws Exception {
        Path csv = dir.resolve("machine.csv");
        Files.writeString(csv, "timestamp,value\n"
                + "2013-12-02 21:15:00,73.96732207\n"
                + "2013-12-02 21:20:00,74.935882\n"
                + "2013-12-02 21:25:00,76.12416182\n"
                + "not a line\n"
                + "2013-12-02 22:05:00,90.5\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withWindows(List.of(WindowDefinition.tumbling(Duration.ofHours(1))));
        Replayer.Summary s = new Replayer(spec, true).replay(csv, Replayer.Format.CSV, "machine", out, null, null);
        assertThat(s.readings()).isEqualTo(4);
        assertThat(s.rejected()).isEqualTo(1);
        List<JsonNode> windows = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) windows.add(JSON.readTree(line));
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).get("sensor_id").asText()).isEqualTo("machine");
        assertThat(windows.get(0).get("window_start_utc").asLong()).isEqualTo(Instant.parse("2013-12-02T21:00:00Z").toEpochMilli());
        assertThat(windows.get(0).get("count_readings").asLong()).isEqualTo(3);
        assertThat(windows.get(0).get("max_value").asDouble()).as("the metric is named after the column").isEqualTo(76.12416182);
        assertThat(windows.get(0).has("max_temperature")).isFalse();
        assertThat(windows.get(1).get("count_readings").asLong()).isEqualTo(1);
        assertThat(s.alerts()).isEqualTo(1); // 76.1 -> 90.5
    }

    @Test
    void fastDecimalMatchesTheJdk() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            double v = random.nextDouble(-1e6, 1e6);
            String s = String.format(Locale.ROOT, "%." + random.nextInt(0, 9) + "f", v);
            double fast = FastDecimal.parse(s, 0, s.length());
            if (!Double.isNaN(fast)) {
                assertThat(fast).as(s).isEqualTo(Double.parseDouble(s));
            }
        }
        assertThat(FastDecimal.parse("1e5", 0, 3)).isNaN();
        assertThat(FastDecimal.parse("-0.5", 0, 4)).isEqualTo(-0.5);
    }

    private static List<String> lines(ByteArrayOutputStream out, String wallClockField) {
        List<String> result = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) result.add(normalise(line.getBytes(StandardCharsets.UTF_8), wallClockField));
        }
        return result;
    }

    private static String normalise(byte[] json, String wallClockField) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(json);
            n.remove(wallClockField);
            return n.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aCsvWithoutItsTimestampColumnIsOneClearError() throws Exception {
        Path csv = dir.resolve("no-time.csv");
        Files.writeString(csv, "time,value\n1,2\n");
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Replayer(spec, true).replay(csv, Replayer.Format.CSV, "x",
                        new ByteArrayOutputStream(), null, null))
                .hasMessage("CSV header 'time,value' has no 'timestamp' column (input.timestamp-field)");
    }
}
