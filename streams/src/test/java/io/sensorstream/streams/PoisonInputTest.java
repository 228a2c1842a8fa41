package io.sensorstream.streams;

import io.sensorstream.streams.testing.OutputRecords;
import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.streams.metrics.PipelineMetrics;
import io.sensorstream.streams.processor.DiagnosticHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz: random bytes, truncated and mutated JSON, huge and non-finite numbers, wrong types, missing and null keys,
 * null values, deep nesting and megabyte records, interleaved with valid readings. The pipeline must never stop,
 * every bad record must reach the dead-letter topic with a reason and its original bytes, and every valid reading
 * must be counted in its window.
 */
class PoisonInputTest {

    private static final long T0 = 1_700_000_040_000L;

    @TempDir
    Path stateDir;

    @Test
    void poisonNeverStopsThePipelineAndAllOfItReachesTheDeadLetterTopic() {
        SplittableRandom random = new SplittableRandom(13);
        PipelineSettings settings = PipelineSettings.seedDefaults();
        PipelineMetrics metrics = PipelineMetrics.unexported();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "poison");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        List<byte[]> poison = new ArrayList<>();
        int valid = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(SensorTopology.build(settings, metrics), props, Instant.ofEpochMilli(T0))) {
            TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(settings.topics().raw(), new ByteArraySerializer(), new ByteArraySerializer());
            for (int i = 0; i < 3_000; i++) {
                if (i % 3 == 0) {
                    long t = T0 + valid * 100L;
                    raw.pipeInput(new TestRecord<>("s".getBytes(StandardCharsets.UTF_8),
                            ("{\"sensor_id\":\"s\",\"temperature\":20.5,\"timestamp\":" + t + "}").getBytes(StandardCharsets.UTF_8),
                            Instant.ofEpochMilli(T0)));
                    valid++;
                    continue;
                }
                byte[] bad = poison(random);
                poison.add(bad);
                byte[] key = random.nextInt(4) == 0 ? null : "s".getBytes(StandardCharsets.UTF_8);
                raw.pipeInput(new TestRecord<>(key, bad, Instant.ofEpochMilli(T0)));
            }
            // one far-future valid reading closes every window
            raw.pipeInput(new TestRecord<>("s".getBytes(StandardCharsets.UTF_8),
                    ("{\"sensor_id\":\"s\",\"temperature\":20.5,\"timestamp\":" + (T0 + 3_600_000) + "}").getBytes(StandardCharsets.UTF_8),
                    Instant.ofEpochMilli(T0 + 3_600_000)));
            List<TestRecord<byte[], byte[]>> dead = driver.createOutputTopic(settings.topics().deadLetter(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
            assertThat(dead).hasSize(poison.size());
            for (int i = 0; i < dead.size(); i++) {
                assertThat(dead.get(i).value()).isEqualTo(poison.get(i));
                assertThat(dead.get(i).headers().lastHeader(DiagnosticHeaders.REASON)).isNotNull();
                String detail = new String(dead.get(i).headers().lastHeader(DiagnosticHeaders.DETAIL).value(), StandardCharsets.UTF_8);
                assertThat(detail).isNotBlank().doesNotContain("\n");
                assertThat(detail.length()).isLessThan(400);
            }
            long counted = driver.createOutputTopic(settings.topics().aggregated(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readValuesToList().stream().mapToLong(v -> OutputRecords.parse(v).get("count_readings").asLong()).sum();
            assertThat(counted).isEqualTo(valid);
            assertThat(metrics.rejectedTotal()).isEqualTo(poison.size());
        }
    }

    private static byte[] poison(SplittableRandom random) {
        String valid = "{\"sensor_id\":\"s\",\"temperature\":21.5,\"timestamp\":1700000040000}";
        switch (random.nextInt(12)) {
            case 0: { byte[] b = new byte[random.nextInt(1, 200)]; random.nextBytes(b); b[0] = '#'; return b; }
            case 1: return valid.substring(0, random.nextInt(1, valid.length() - 1)).getBytes(StandardCharsets.UTF_8);
            case 2: { byte[] b = valid.getBytes(StandardCharsets.UTF_8); b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                      b[1] = '!'; return b; }
            case 3: return "{\"sensor_id\":\"s\",\"temperature\":1e999,\"timestamp\":1}".getBytes(StandardCharsets.UTF_8);
            case 4: return ("{\"sensor_id\":\"s\",\"temperature\":" + (random.nextBoolean() ? "NaN" : "-Infinity") + ",\"timestamp\":1}").getBytes(StandardCharsets.UTF_8);
            case 5: return "{\"sensor_id\":[1,2],\"temperature\":{\"c\":1},\"timestamp\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            case 6: return "{\"temperature\":21.5}".getBytes(StandardCharsets.UTF_8);
            case 7: return new byte[0];
            case 8: return ("[".repeat(5_000) + "]".repeat(5_000)).getBytes(StandardCharsets.UTF_8);
            case 9: { char[] big = new char[1_000_000]; Arrays.fill(big, 'x');
                      return ("{\"sensor_id\":\"" + new String(big) + "\",\"temperature\":1,\"timestamp\":1}").getBytes(StandardCharsets.UTF_8); }
            case 10: return "{\"sensor_id\":\"s\",\"temperature\":21.5,\"timestamp\":99999999999999999999999999}".getBytes(StandardCharsets.UTF_8);
            default: return "null".getBytes(StandardCharsets.UTF_8);
        }
    }
}
