package io.sensorstream.core.engine;

import java.util.ArrayList;
import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.DetectorCatalog;
import io.sensorstream.core.detect.DetectorSet;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.state.AnalyticsState;
import io.sensorstream.core.state.MemoryTable;
import io.sensorstream.core.state.PendingBucket;
import io.sensorstream.core.state.StateCodec;
import io.sensorstream.core.state.StateCodecs;
import io.sensorstream.core.state.StateTable;
import io.sensorstream.core.window.WindowDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A task restored from its encoded state continues exactly as one never interrupted: every table goes through its
 * codec (as through a changelog) every few readings and a new engine is built on the decoded copy. Covers the pending
 * buckets (readings already released must not be released twice), sessions, lateness updates and detectors.
 */
class RestoreThroughCodecsTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void restoringFromEncodedStateChangesNothing() {
        DetectorCatalog catalog = DetectorCatalog.standard();
        DetectionPlan plan = new DetectionPlan(List.of(new DetectorSet("*", List.of(catalog.create("ewma", Map.of("warmup", 20), 1),
                catalog.create("flatline", Map.of("readings", 5), 1)))), 20_000, new AlertLifecycle(3, 0), "restore");
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withDetection(plan).withTiming(5_000, 30_000, 0)
                .withWindows(List.of(WindowDefinition.tumbling(Duration.ofSeconds(60)),
                        WindowDefinition.hopping(Duration.ofSeconds(30), Duration.ofSeconds(10)),
                        WindowDefinition.session(Duration.ofSeconds(8))));
        SplittableRandom random = new SplittableRandom(17);
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String sensor = "s" + random.nextInt(5);
            long t = T0 + i * 400L - random.nextLong(0, i % 50 == 0 ? 60_000 : 6_000); // some late, most within the delay
            double v = sensor.equals("s4") && i > 2_000 ? 21.0 : 20 + random.nextGaussian() + (i % 333 == 0 ? 25 : 0);
            if (!(sensor.equals("s3") && i > 1_000 && i < 1_200)) { // s3 falls silent for a while
                readings.add(Reading.of(sensor, t, v));
            }
        }
        RecordingOutput straight = new RecordingOutput();
        PartitionAnalytics a = new PartitionAnalytics(spec, AnalyticsState.inMemory(), straight);
        RecordingOutput restored = new RecordingOutput();
        AnalyticsState state = AnalyticsState.inMemory();
        PartitionAnalytics b = new PartitionAnalytics(spec, state, restored);
        for (int i = 0; i < readings.size(); i++) {
            a.onReading(readings.get(i));
            b.onReading(readings.get(i));
            if (i % 37 == 36) {
                state = roundTrip(state, plan);
                b = new PartitionAnalytics(spec, state, restored);
            }
        }
        a.advanceTo(T0 + 10_000_000);
        b.advanceTo(T0 + 10_000_000);
        assertThat(straight.windows).hasSizeGreaterThan(100);
        assertThat(straight.alerts).isNotEmpty();
        assertThat(straight.events).isNotEmpty();
        assertThat(restored.windows).isEqualTo(straight.windows);
        assertThat(restored.alerts).isEqualTo(straight.alerts);
        assertThat(restored.events).isEqualTo(straight.events);
        assertThat(restored.late).isEqualTo(straight.late);
    }

    /**
     * A partition busy enough that one bucket of waiting readings holds more than a segment (here 40 000 sensors, a
     * reading each within 1.25 s): stored in segments, none of whose records passes the segment budget (Kafka's limit
     * is 1 MB), and a task restored from them mid-bucket continues exactly, releasing each reading once, in order.
     */
    @Test
    void aBusyBucketIsStoredInBoundedSegmentsAndRestoredExactly() {
        DetectorCatalog catalog = DetectorCatalog.standard();
        DetectionPlan plan = new DetectionPlan(List.of(new DetectorSet("*", List.of(catalog.create("ewma", Map.of("warmup", 1), 1)))),
                0, new AlertLifecycle(1, 0), "segments");
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withDetection(plan).withTiming(5_000, 0, 0);
        SplittableRandom random = new SplittableRandom(5);
        List<Reading> readings = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int s = 0; s < 40_000; s++) {
                long t = T0 + round * 10_000L + random.nextLong(0, 1_000);
                readings.add(Reading.of("sensor-" + s, t, round == 2 && s % 1_000 == 0 ? 80.0 : 20 + (s % 7) / 10.0));
            }
        }
        RecordingOutput straight = new RecordingOutput();
        PartitionAnalytics a = new PartitionAnalytics(spec, AnalyticsState.inMemory(), straight);
        RecordingOutput restored = new RecordingOutput();
        AnalyticsState state = AnalyticsState.inMemory();
        PartitionAnalytics b = new PartitionAnalytics(spec, state, restored);
        int largest = 0;
        int segmented = 0;
        for (int i = 0; i < readings.size(); i++) {
            a.onReading(readings.get(i));
            b.onReading(readings.get(i));
            if (i % 25_001 == 25_000) {
                int[] seen = {0, 0};
                state.pending().forEach((key, bucket) -> {
                    seen[0] = Math.max(seen[0], StateCodecs.pendingBucket().encode(bucket).length);
                    seen[1] = Math.max(seen[1], bucket.segment());
                });
                largest = Math.max(largest, seen[0]);
                segmented = Math.max(segmented, seen[1]);
                state = roundTrip(state, plan);
                b = new PartitionAnalytics(spec, state, restored);
            }
        }
        a.advanceTo(T0 + 1_000_000);
        b.advanceTo(T0 + 1_000_000);
        assertThat(segmented).as("a bucket took several segments").isGreaterThan(1);
        assertThat(largest).as("no stored record beyond the segment budget").isLessThanOrEqualTo(PendingBucket.MAX_ENCODED_BYTES + 100);
        assertThat(straight.windows).as("a minute window each").hasSize(40_000);
        assertThat(straight.events).as("the 80-degree readings fire").isNotEmpty();
        assertThat(restored.windows).isEqualTo(straight.windows);
        assertThat(restored.alerts).isEqualTo(straight.alerts);
        assertThat(restored.events).isEqualTo(straight.events);
    }

    private static AnalyticsState roundTrip(AnalyticsState s, DetectionPlan plan) {
        return new AnalyticsState(copy(s.sensors(), StateCodecs.STRING_KEY, StateCodecs.sensorRecord(plan)),
                copy(s.pending(), StateCodecs.TIME_KEY, StateCodecs.pendingBucket()),
                copy(s.progress(), StateCodecs.STRING_KEY, StateCodecs.PROGRESS));
    }

    private static <K, V> StateTable<K, V> copy(StateTable<K, V> from, StateCodec<K> keys, StateCodec<V> values) {
        MemoryTable<K, V> to = new MemoryTable<>();
        from.forEach((k, v) -> to.put(keys.decode(keys.encode(k)), values.decode(values.encode(v))));
        return to;
    }
}
