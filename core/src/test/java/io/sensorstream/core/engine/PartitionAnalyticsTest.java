package io.sensorstream.core.engine;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.state.AnalyticsState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sensorstream.core.reading.MetricSpec;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.TimestampFormat;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatedRecord;
import io.sensorstream.core.simulate.SimulatorSettings;
import io.sensorstream.core.window.WindowDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionAnalyticsTest {

    private static final long T0 = 1_700_000_040_000L; // a multiple of 60 s
    private static final WindowDefinition MINUTE = WindowDefinition.tumbling(Duration.ofSeconds(60));

    private final RecordingOutput out = new RecordingOutput();

    private PartitionAnalytics analytics(AnalyticsSpec spec) {
        return new PartitionAnalytics(spec, AnalyticsState.inMemory(), out);
    }

    private void send(PartitionAnalytics a, String sensor, long t, double v) {
        a.onReading(Reading.of(sensor, T0 + t, v));
    }

    /** Readings waiting for the watermark keep one id instance per sensor, not the copy each parsed reading brings. */
    @Test
    void waitingReadingsShareTheirSensorsIdInstance() {
        AnalyticsState state = AnalyticsState.inMemory();
        PartitionAnalytics a = new PartitionAnalytics(AnalyticsSpec.seedDefaults(), state, out);
        for (int i = 0; i < 3; i++) {
            a.onReading(Reading.of(new String("sensor-7".toCharArray()), T0 + i * 100L, 20.0 + i)); // fresh copies
        }
        List<String> waiting = new ArrayList<>();
        state.pending().forEach((start, bucket) -> {
            for (int i = 0; i < bucket.size(); i++) waiting.add(bucket.sensorId(i));
        });
        assertThat(waiting).hasSize(3).containsOnly("sensor-7");
        assertThat(waiting.get(1)).isSameAs(waiting.get(0));
        assertThat(waiting.get(2)).isSameAs(waiting.get(0));
    }

    @Test
    void finalResultOncePerWindowWithAllStatistics() {
        PartitionAnalytics a = analytics(AnalyticsSpec.seedDefaults());
        send(a, "a", 1_000, 20.0);
        send(a, "a", 31_000, 27.0);
        send(a, "a", 16_000, 22.0);
        send(a, "a", 64_999, 21.0);
        assertThat(out.windows).isEmpty();
        send(a, "a", 65_000, 21.0);
        assertThat(out.windows).hasSize(1);
        RecordingOutput.Published w = out.windows.get(0);
        assertThat(w.kind()).isEqualTo(EmitKind.FINAL);
        assertThat(w.revision()).isZero();
        assertThat(w.start()).isEqualTo(T0);
        assertThat(w.end()).isEqualTo(T0 + 60_000);
        assertThat(w.readings()).isEqualTo(3);
        assertThat(w.mean()).isCloseTo(23.0, within(1e-12));
        assertThat(w.first()).isEqualTo(20.0);
        assertThat(w.last()).isEqualTo(27.0);
        assertThat(w.rate()).isCloseTo(7.0 / 30, within(1e-12));
        assertThat(w.p50()).isEqualTo(22.0);
        send(a, "a", 200_000, 21.0);
        assertThat(out.windows).hasSize(2).extracting(RecordingOutput.Published::start)
                .containsExactly(T0, T0 + 60_000);
    }

    @Test
    void severalWindowKindsAtOnce() {
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withWindows(List.of(MINUTE,
                WindowDefinition.hopping(Duration.ofMinutes(5), Duration.ofMinutes(1))));
        PartitionAnalytics a = analytics(spec.withTiming(0, 0, 0));
        for (long t = 0; t < 10 * 60_000; t += 10_000) send(a, "s", t, 20.0);
        long tumbling = out.windows.stream().filter(w -> w.window().equals("tumbling-1m")).count();
        long hopping = out.windows.stream().filter(w -> w.window().equals("hopping-5m-every-1m")).count();
        assertThat(tumbling).isEqualTo(9);
        assertThat(hopping).isEqualTo(9); // starts T0-4m .. T0+4m (ends up to the watermark T0+9m50s); the first four partial
        RecordingOutput.Published full = out.windows.stream()
                .filter(w -> w.window().startsWith("hopping") && w.start() == T0).findFirst().orElseThrow();
        assertThat(full.readings()).isEqualTo(30);
    }

    @Test
    void allowedLatenessUpdatesWithRevisionsThenSendsToLate() {
        PartitionAnalytics a = analytics(AnalyticsSpec.seedDefaults().withTiming(5_000, 30_000, 0));
        send(a, "a", 10_000, 20.0);
        send(a, "a", 70_000, 21.0); // W = T0+65 s: [T0, T0+60 s) final
        assertThat(out.windows).hasSize(1);
        send(a, "a", 50_000, 30.0); // late but within 30 s lateness: update, revision 1
        assertThat(out.windows).hasSize(2);
        RecordingOutput.Published update = out.windows.get(1);
        assertThat(update.kind()).isEqualTo(EmitKind.UPDATE);
        assertThat(update.revision()).isEqualTo(1);
        assertThat(update.readings()).isEqualTo(2);
        assertThat(update.max()).isEqualTo(30.0);
        assertThat(out.alerts).as("a reading behind the watermark is checked in arrival order").hasSize(1);
        send(a, "a", 95_000, 21.0); // W = T0+90 s = end + lateness: state purged
        send(a, "a", 59_000, 40.0); // beyond lateness: late
        assertThat(out.late).hasSize(1);
        assertThat(out.lateWhy.get(0)).isEqualTo(new LateReading("tumbling-1m", T0, T0 + 60_000, T0 + 90_000));
        assertThat(out.windows).hasSize(2);
    }

    @Test
    void lateReadingIntoAnEmptyClosedWindowGivesItsFirstFinalResult() {
        PartitionAnalytics a = analytics(AnalyticsSpec.seedDefaults().withTiming(0, 120_000, 0));
        send(a, "a", 130_000, 20.0);
        send(a, "b", 30_000, 25.0);
        assertThat(out.windows).singleElement().satisfies(w -> {
            assertThat(w.sensor()).isEqualTo("b");
            assertThat(w.kind()).isEqualTo(EmitKind.FINAL);
            assertThat(w.revision()).isZero();
        });
    }

    @Test
    void earlyResultsArePublishedAsTheWatermarkCrossesEachInterval() {
        PartitionAnalytics a = analytics(AnalyticsSpec.seedDefaults().withTiming(0, 0, 20_000));
        send(a, "a", 1_000, 20.0);
        send(a, "a", 21_000, 22.0); // the watermark crosses 20 s: early result of [0, 60 s) with 2 readings
        send(a, "a", 41_000, 24.0); // crosses 40 s: early result with 3
        send(a, "a", 61_000, 26.0); // crosses 60 s: early result of the new window, final of the old one
        assertThat(out.windows).extracting(RecordingOutput.Published::kind)
                .containsExactly(EmitKind.EARLY, EmitKind.EARLY, EmitKind.EARLY, EmitKind.FINAL);
        assertThat(out.windows).extracting(RecordingOutput.Published::readings).containsExactly(2L, 3L, 1L, 3L);
        assertThat(out.windows).extracting(RecordingOutput.Published::start).containsExactly(T0, T0, T0 + 60_000, T0);
        assertThat(out.windows.get(0).revision()).isEqualTo(-1);
    }

    @Test
    void sessionsSplitOnGapsMergeOutOfOrderAndCloseAfterTheGap() {
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withWindows(List.of(WindowDefinition.session(Duration.ofSeconds(30))))
                .withTiming(10_000, 0, 0);
        PartitionAnalytics a = analytics(spec);
        send(a, "s", 0, 20.0);
        send(a, "s", 40_000, 21.0);  // 40 s after: a second session
        send(a, "s", 20_000, 22.0);  // out of order, bridges both: one session [0, 40 s]
        send(a, "s", 100_000, 23.0); // W = 90 s > 40 s + 30 s: session final
        assertThat(out.windows).singleElement().satisfies(w -> {
            assertThat(w.window()).isEqualTo("session-30s");
            assertThat(w.start()).isEqualTo(T0);
            assertThat(w.end()).isEqualTo(T0 + 40_000);
            assertThat(w.readings()).isEqualTo(3);
            assertThat(w.first()).isEqualTo(20.0);
            assertThat(w.last()).isEqualTo(21.0);
        });
        send(a, "s", 200_000, 23.0);
        assertThat(out.windows).hasSize(2);
        assertThat(out.windows.get(1).start()).isEqualTo(T0 + 100_000);
        send(a, "s", 80_000, 1.0); // would start a session that closed long ago: late
        assertThat(out.late).hasSize(1);
    }

    @Test
    void multiMetricReadingsWithOptionalMetricsAndTags() {
        ReadingFormat format = new ReadingFormat("id", "ts", TimestampFormat.EPOCH_MILLIS,
                List.of(MetricSpec.of("temperature", -50, 100), new MetricSpec("humidity", "hum", 0, 100, false)),
                List.of("site"), 0);
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withFormat(format).withTiming(0, 0, 0);
        List<WindowResult> results = new ArrayList<>();
        PartitionAnalytics a = new PartitionAnalytics(spec, AnalyticsState.inMemory(), new AnalyticsOutput() {
            @Override
            public void window(WindowResult r) {
                results.add(r);
                assertThat(r.summary().metric(0).count()).isEqualTo(3);
                assertThat(r.summary().metric(1).count()).isEqualTo(2);
                assertThat(r.summary().metric(1).mean()).isEqualTo(55.0);
                assertThat(r.summary().tags()).isEqualTo(Map.of("site", "b"));
            }

            @Override
            public void alert(JumpAlert alert) {
                out.alert(alert);
            }

            @Override
            public void alertEvent(AlertEvent event) {
                out.alertEvent(event);
            }

        });
        a.onReading(new Reading("x", T0, new double[] {20, 50}, Map.of("site", "a")));
        a.onReading(new Reading("x", T0 + 1_000, new double[] {21, Double.NaN}, Map.of("site", "b")));
        a.onReading(new Reading("x", T0 + 2_000, new double[] {22, 60}, Map.of()));
        a.onReading(new Reading("x", T0 + 61_000, new double[] {22, 60}, Map.of()));
        assertThat(results).hasSize(1);
        assertThat(out.alerts).singleElement().satisfies(al -> {
            assertThat(al.metric()).isEqualTo("humidity");
            assertThat(al.previousValue()).isEqualTo(50.0);
            assertThat(al.currentValue()).isEqualTo(60.0);
        });
    }

    @Test
    void restartFromTheSameStateContinuesExactly() {
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withTiming(5_000, 20_000, 0).withWindows(List.of(MINUTE,
                WindowDefinition.session(Duration.ofSeconds(2))));
        List<SimulatedRecord> records = new ArrayList<>();
        SensorSimulator sim = new SensorSimulator(new SimulatorSettings(5, 1, 3, T0, 5_000, 0.02, 70_000, 0));
        for (int i = 0; i < 3_000; i++) records.add(sim.next());

        RecordingOutput straight = new RecordingOutput();
        PartitionAnalytics one = new PartitionAnalytics(spec, AnalyticsState.inMemory(), straight);
        for (int i = 0; i < records.size(); i++) one.onReading(records.get(i).reading());

        RecordingOutput restarted = new RecordingOutput();
        AnalyticsState state = AnalyticsState.inMemory();
        PartitionAnalytics first = new PartitionAnalytics(spec, state, restarted);
        for (int i = 0; i < 1_234; i++) first.onReading(records.get(i).reading());
        PartitionAnalytics second = new PartitionAnalytics(spec, state, restarted);
        for (int i = 1_234; i < records.size(); i++) second.onReading(records.get(i).reading());

        assertThat(straight.windows).hasSizeGreaterThan(100);
        assertThat(straight.late).isNotEmpty();
        assertThat(restarted.windows).isEqualTo(straight.windows);
        assertThat(restarted.alerts).isEqualTo(straight.alerts);
        assertThat(restarted.late).isEqualTo(straight.late);
    }

    @Test
    void advanceToClosesEverythingDue() {
        PartitionAnalytics a = analytics(AnalyticsSpec.seedDefaults());
        send(a, "a", 1_000, 20.0);
        send(a, "a", 2_000, 40.0);
        assertThat(out.windows).isEmpty();
        assertThat(a.pendingCount()).isEqualTo(2);
        a.advanceTo(T0 + 65_000);
        assertThat(out.windows).hasSize(1);
        assertThat(out.alerts).hasSize(1);
        assertThat(a.pendingCount()).isZero();
    }

    @Test
    void silentSensorsLoseTheirDetectorStateAfterTheTtl() {
        int[] expired = {0};
        AnalyticsState state = AnalyticsState.inMemory();
        PartitionAnalytics a = new PartitionAnalytics(AnalyticsSpec.seedDefaults().withTiming(0, 0, 0).withSensorTtl(600_000), state,
                new RecordingOutput() {
                    @Override
                    public void sensorsExpired(int count) {
                        expired[0] += count;
                    }
                });
        a.onReading(Reading.of("a", T0, 20.0));
        a.onReading(Reading.of("b", T0 + 1_000, 20.0));
        assertThat(state.lastReadings().get("a")).isNotNull();
        for (int i = 2; i < 20; i++) a.onReading(Reading.of("b", T0 + i * 60_000L, 20.0));
        assertThat(state.lastReadings().get("a")).as("a was silent for over 10 min").isNull();
        assertThat(state.lastReadings().get("b")).isNotNull();
        assertThat(expired[0]).isEqualTo(1);
        assertThat(state.windows().size()).as("window state is bounded by open windows").isLessThanOrEqualTo(2);
    }
}
