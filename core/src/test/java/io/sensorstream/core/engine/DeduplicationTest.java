package io.sensorstream.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.state.AnalyticsState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * De-duplication by (sensor id, event time) within the watermark delay: a reading delivered twice (MQTT QoS 1, an HTTP
 * retry) counts once while the first copy is pending; the bound and the first-wins rule as documented; it survives a
 * restore because its index is rebuilt from the stored pending buckets.
 */
class DeduplicationTest {

    private static final long T0 = 1_700_000_040_000L; // a multiple of 60 s

    private final RecordingOutput out = new RecordingOutput();
    private final List<Reading> duplicates = new ArrayList<>();
    private final AnalyticsOutput counting = new AnalyticsOutput() {
        @Override
        public void window(WindowResult result) {
            out.window(result);
        }

        @Override
        public void alert(io.sensorstream.core.detect.JumpAlert alert) {
            out.alert(alert);
        }

        @Override
        public void duplicate(Reading reading) {
            duplicates.add(reading);
        }
    };

    private void send(PartitionAnalytics a, String sensor, long t, double v) {
        a.onReading(Reading.of(sensor, T0 + t, v));
    }

    private static AnalyticsSpec spec(boolean dedup, boolean jumps) {
        return AnalyticsSpec.seedDefaults().withJumps(jumps, 5.0).withDetection(DetectionPlan.NONE).withDeduplication(dedup);
    }

    @Test
    void aRepeatedReadingCountsOnceWhileTheFirstIsPending() {
        PartitionAnalytics a = new PartitionAnalytics(spec(true, false), AnalyticsState.inMemory(), counting);
        send(a, "a", 1_000, 20.0);
        send(a, "a", 1_000, 20.0);   // the same reading again
        send(a, "a", 1_000, 99.0);   // same key, other value: the first one wins
        send(a, "b", 1_000, 21.0);   // another sensor at the same time is no duplicate
        send(a, "a", 2_000, 22.0);
        send(a, "a", 8_000, 22.0);   // W = 3 000: a@1 000 and a@2 000 released
        send(a, "a", 1_000, 20.0);   // behind the watermark: not recognised, counted again (the documented bound)
        send(a, "a", 66_000, 20.0);  // closes the first minute
        assertThat(duplicates).hasSize(2).allSatisfy(r -> assertThat(r.eventTimeMs()).isEqualTo(T0 + 1_000));
        RecordingOutput.Published first = out.windows.stream().filter(w -> w.sensor().equals("a")).findFirst().orElseThrow();
        assertThat(first.readings()).isEqualTo(4); // 1 000, 2 000, 8 000 and the late copy of 1 000
        assertThat(first.max()).isEqualTo(22.0);
    }

    @Test
    void offByDefaultADuplicateCountsTwice() {
        assertThat(AnalyticsSpec.seedDefaults().deduplicate()).isFalse();
        PartitionAnalytics a = new PartitionAnalytics(spec(false, false), AnalyticsState.inMemory(), counting);
        send(a, "a", 1_000, 20.0);
        send(a, "a", 1_000, 20.0);
        send(a, "a", 66_000, 20.0);
        assertThat(duplicates).isEmpty();
        assertThat(out.windows.get(0).readings()).isEqualTo(2);
    }

    @Test
    void aDuplicateFiresNoSecondJumpAlert() {
        PartitionAnalytics a = new PartitionAnalytics(spec(true, true), AnalyticsState.inMemory(), counting);
        send(a, "a", 1_000, 20.0);
        send(a, "a", 2_000, 30.0);
        send(a, "a", 2_000, 30.0);
        send(a, "a", 20_000, 30.0);
        assertThat(out.alerts).hasSize(1);
        assertThat(duplicates).hasSize(1);
    }

    @Test
    void theIndexIsRebuiltFromTheStoredPendingBuckets() {
        AnalyticsState state = AnalyticsState.inMemory();
        PartitionAnalytics before = new PartitionAnalytics(spec(true, false), state, counting);
        send(before, "a", 1_000, 20.0);
        send(before, "a", 2_000, 21.0);
        PartitionAnalytics after = new PartitionAnalytics(spec(true, false), state, counting); // as after a restart
        send(after, "a", 2_000, 21.0);
        send(after, "a", 1_000, 20.0);
        assertThat(duplicates).hasSize(2);
    }
}
