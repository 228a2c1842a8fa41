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
            a.onReading(readings.get(i), i);
            b.onReading(readings.get(i), i);
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
