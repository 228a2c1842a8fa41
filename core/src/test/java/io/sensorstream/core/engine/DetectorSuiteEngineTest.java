package io.sensorstream.core.engine;

import io.sensorstream.core.state.MemoryTable;
import io.sensorstream.core.state.AnalyticsState;
import io.sensorstream.core.state.StateCodecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.Detector;
import io.sensorstream.core.detect.DetectorSet;
import io.sensorstream.core.detect.AnomalyLikelihoodDetector;
import io.sensorstream.core.detect.ContextDetector;
import io.sensorstream.core.detect.EwmaZScoreDetector;
import io.sensorstream.core.detect.FlatlineDetector;
import io.sensorstream.core.detect.JumpDetector;
import io.sensorstream.core.detect.RandomCutForestDetector;
import io.sensorstream.core.detect.RangeDetector;
import io.sensorstream.core.detect.RateOfChangeDetector;
import io.sensorstream.core.detect.RobustMadDetector;
import io.sensorstream.core.detect.RollingZScoreDetector;
import io.sensorstream.core.engine.SensorAlerting;
import io.sensorstream.core.detect.SensorDetectors;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.reading.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The detector suite inside the engine: lifecycle events, silent sensors, TTL, overrides, state that survives a restore. */
class DetectorSuiteEngineTest {

    private static final long T0 = 1_700_000_000_000L;

    private static DetectionPlan plan(long silentAfterMs, List<DetectorSet> sets) {
        return new DetectionPlan(sets, silentAfterMs, new AlertLifecycle(3, 0), "test-" + silentAfterMs + sets);
    }

    private static PartitionAnalytics engine(DetectionPlan plan, long ttlMs, AnalyticsState state, RecordingOutput out) {
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withTiming(0, 0, 0).withSensorTtl(ttlMs).withDetection(plan);
        return new PartitionAnalytics(spec, state, out);
    }

    @Test
    void aSustainedConditionIsOneFiringAndOneResolvedWithAStableId() {
        RecordingOutput out = new RecordingOutput();
        PartitionAnalytics e = engine(plan(0, List.of(new DetectorSet("*", List.of(new RangeDetector(0, 50))))), 0,
                AnalyticsState.inMemory(), out);
        double[] values = {20, 20, 60, 61, 62, 20, 20, 20, 20};
        for (int i = 0; i < values.length; i++) e.onReading(Reading.of("a", T0 + i * 1_000L, values[i]));
        e.advanceTo(T0 + 60_000);
        assertThat(out.events).extracting(AlertEvent::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        AlertEvent firing = out.events.get(0);
        AlertEvent resolved = out.events.get(1);
        assertThat(firing.alertId()).isEqualTo("a/temperature/range/" + (T0 + 2_000)).isEqualTo(resolved.alertId());
        assertThat(firing.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(firing.value()).isEqualTo(60);
        assertThat(firing.upper()).isEqualTo(50);
        assertThat(resolved.eventTimeMs()).as("third normal reading").isEqualTo(T0 + 7_000);
        assertThat(resolved.score()).as("peak score").isEqualTo(12);
    }

    @Test
    void aSilentSensorFiresAtLastReadingPlusSilentAfterAndResolvesWithItsNextReading() {
        RecordingOutput out = new RecordingOutput();
        PartitionAnalytics e = engine(plan(10_000, List.of()), 0, AnalyticsState.inMemory(), out);
        for (int s = 0; s <= 60; s++) {
            e.onReading(Reading.of("a", T0 + s * 1_000L, 20));
            if (s <= 5) e.onReading(Reading.of("b", T0 + s * 1_000L, 20));
        }
        assertThat(out.events).singleElement().satisfies(f -> {
            assertThat(f.sensorId()).isEqualTo("b");
            assertThat(f.state()).isEqualTo(AlertState.FIRING);
            assertThat(f.detector()).isEqualTo("silent");
            assertThat(f.eventTimeMs()).isEqualTo(T0 + 15_000);
        });
        e.onReading(Reading.of("b", T0 + 61_000, 20));
        e.advanceTo(T0 + 62_000); // the detectors see a reading once the watermark has passed it
        assertThat(out.events).hasSize(2);
        assertThat(out.events.get(1).state()).isEqualTo(AlertState.RESOLVED);
        assertThat(out.events.get(1).alertId()).isEqualTo(out.events.get(0).alertId());
        assertThat(out.events.get(1).score()).as("seconds of silence").isEqualTo(56.0);
    }

    @Test
    void aGapThatNoWatermarkSweepSawFiresWhenTheNextReadingShowsIt() {
        RecordingOutput out = new RecordingOutput();
        PartitionAnalytics e = engine(plan(10_000, List.of()), 0, AnalyticsState.inMemory(), out);
        e.onReading(Reading.of("a", T0, 20));
        e.onReading(Reading.of("a", T0 + 50_000, 20)); // waits for the watermark
        e.onReading(Reading.of("b", T0 + 200_000, 20)); // one jump of the watermark: a's reading is released first
        assertThat(out.events).extracting(ev -> ev.state() + "@" + (ev.eventTimeMs() - T0))
                .containsExactly("FIRING@10000", "RESOLVED@50000", "FIRING@60000");
    }

    @Test
    void aSensorWhoseStateExpiresHasItsFiringAlertsResolved() {
        RecordingOutput out = new RecordingOutput();
        PartitionAnalytics e = engine(plan(5_000, List.of(new DetectorSet("*", List.of(new RangeDetector(0, 50))))), 60_000,
                AnalyticsState.inMemory(), out);
        AnalyticsState state = AnalyticsState.inMemory();
        e = engine(plan(5_000, List.of(new DetectorSet("*", List.of(new RangeDetector(0, 50))))), 60_000, state, out);
        e.onReading(Reading.of("c", T0, 99));
        for (int s = 1; s < 200; s++) e.onReading(Reading.of("a", T0 + s * 1_000L, 20));
        assertThat(out.events).filteredOn(ev -> ev.sensorId().equals("c")).extracting(ev -> ev.detector() + " " + ev.state())
                .containsExactly("range FIRING", "silent FIRING", "range RESOLVED", "silent RESOLVED");
        assertThat(state.detectors().get("c")).as("state dropped").isNull();
        assertThat(state.detectors().get("a")).isNotNull();
    }

    @Test
    void overridesChooseDetectorsBySensorIdPattern() {
        RecordingOutput out = new RecordingOutput();
        PartitionAnalytics e = engine(plan(0, List.of(new DetectorSet("boiler-*", List.of(new RangeDetector(0, 300))),
                new DetectorSet("*", List.of(new RangeDetector(0, 50))))), 0, AnalyticsState.inMemory(), out);
        e.onReading(Reading.of("boiler-1", T0, 120));
        e.onReading(Reading.of("pump-1", T0, 120));
        e.advanceTo(T0 + 10_000);
        assertThat(out.events).extracting(AlertEvent::sensorId).containsExactly("pump-1");
    }

    /** Every detector's state, encoded and decoded mid-stream as a restore does, continues exactly as if never stored. */
    @Test
    void detectorStateSurvivesEncodingExactly() {
        List<Detector<?>> all = List.of(new JumpDetector(2), new RangeDetector(10, 30), new RateOfChangeDetector(1.5),
                new EwmaZScoreDetector(0.1, 3, 10, 1e-6), new RollingZScoreDetector(20, 3, 1e-6), new RobustMadDetector(20, 4, 1e-6),
                new FlatlineDetector(0.01, 5), new RandomCutForestDetector(new RandomCutForestDetector.Settings(4, 10, 64, 64, 0.01, 7, 1, 0)),
                new AnomalyLikelihoodDetector(0.05, 5, 200, 0.5, 60, 1e-6, 10, 1, 0.1), // with a 1-minute daily profile
                new ContextDetector(new ContextDetector.Settings(4, 0.75, 0.75, 20, 7, 15, Double.NaN, Double.NaN, 200, 1.0, 50_000),
                        new AnomalyLikelihoodDetector(0.05, 5, 200, 0.5, 60, 1e-6, 10))); // judged from reading 60, its model from 200
        DetectionPlan plan = plan(3_000, List.of(new DetectorSet("*", all)));
        double[] xs = new double[600];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 20 + random.nextDouble(-0.5, 0.5) + (i % 97 == 50 ? 8 : 0) + (i >= 400 && i < 420 ? -20 : 0);
            if (i >= 500 && i < 520) xs[i] = 21.25; // stuck
        }
        List<AlertEvent> straight = new ArrayList<>();
        MemoryTable<String, SensorDetectors> table = new MemoryTable<>();
        SensorAlerting alerting = new SensorAlerting(plan, List.of("temperature"), table, straight::add, null);
        List<AlertEvent> restored = new ArrayList<>();
        MemoryTable<String, SensorDetectors> table2 = new MemoryTable<>();
        SensorAlerting alerting2 = new SensorAlerting(plan, List.of("temperature"), table2, restored::add, null);
        for (int i = 0; i < xs.length; i++) {
            long t = T0 + i * 1_000L + (i == 300 ? 10_000 : 0) + (i > 300 ? 10_000 : 0);
            alerting.onReading("s", new double[] {xs[i]}, t);
            alerting2.onReading("s", new double[] {xs[i]}, t);
            if (i % 50 == 49) {
                MemoryTable<String, SensorDetectors> copy = new MemoryTable<>();
                table2.forEach((k, v) -> copy.put(k, StateCodecs.detectors(plan).decode(StateCodecs.detectors(plan).encode(v))));
                table2 = copy;
                alerting2 = new SensorAlerting(plan, List.of("temperature"), table2, restored::add, null);
            }
        }
        assertThat(straight).extracting(AlertEvent::detector).contains("jump", "range", "rate", "ewma", "zscore", "mad",
                "flatline", "silent", "rcf", "likelihood", "cad");
        for (int i = 0; i < Math.min(straight.size(), restored.size()); i++) {
            assertThat(restored.get(i)).as("event %d", i).isEqualTo(straight.get(i));
        }
        assertThat(restored).isEqualTo(straight);
    }

    /** One forest over two metrics: alerts on metric "*", a missing metric filled from its last value, exact restore. */
    @Test
    void aMultiMetricForestJudgesWholeReadingsAndRestoresExactly() {
        DetectionPlan plan = plan(0, List.of(new DetectorSet("*", List.of(new RandomCutForestDetector(
                new RandomCutForestDetector.Settings(4, 30, 128, 128, 0.005, 3, 1, 0), 2)))));
        List<String> metrics = List.of("temperature", "humidity");
        List<AlertEvent> straight = new ArrayList<>();
        List<AlertEvent> restored = new ArrayList<>();
        MemoryTable<String, SensorDetectors> a = new MemoryTable<>();
        MemoryTable<String, SensorDetectors> b = new MemoryTable<>();
        SensorAlerting one = new SensorAlerting(plan, metrics, a, straight::add, null);
        SensorAlerting two = new SensorAlerting(plan, metrics, b, restored::add, null);
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 1_500; i++) {
            double t = 20 + 3 * Math.sin(2 * Math.PI * i / 100.0) + random.nextDouble(-0.1, 0.1);
            double h = 60 - 2 * (t - 20) + random.nextDouble(-0.2, 0.2);
            if (i == 1_200) h = 75; // humidity leaves its relation to temperature
            double[] reading = {t, i % 37 == 5 ? Double.NaN : h};
            one.onReading("s", reading, T0 + i * 1_000L);
            two.onReading("s", reading.clone(), T0 + i * 1_000L);
            if (i % 300 == 299) {
                MemoryTable<String, SensorDetectors> copy = new MemoryTable<>();
                b.forEach((k, v) -> copy.put(k, StateCodecs.detectors(plan).decode(StateCodecs.detectors(plan).encode(v))));
                b = copy;
                two = new SensorAlerting(plan, metrics, b, restored::add, null);
            }
        }
        List<Long> firings = straight.stream().filter(e -> e.state() == AlertState.FIRING).map(e -> (e.eventTimeMs() - T0) / 1_000).toList();
        assertThat(firings).as("fires on the broken relation").anyMatch(i -> i >= 1_200 && i <= 1_203);
        assertThat(firings).allMatch(i -> i > 128);
        assertThat(straight).allMatch(e -> e.metric().equals("*") && e.detector().equals("rcf"));
        assertThat(restored).isEqualTo(straight);
    }

    @Test
    void stateFromAnotherConfigurationStartsAfreshButKeepsItsSilence() {
        DetectionPlan before = plan(5_000, List.of(new DetectorSet("*", List.of(new EwmaZScoreDetector(0.1, 3, 10, 1e-6)))));
        DetectionPlan after = plan(5_000, List.of(new DetectorSet("*", List.of(new FlatlineDetector(0.01, 3)))));
        MemoryTable<String, SensorDetectors> table = new MemoryTable<>();
        new SensorAlerting(before, List.of("temperature"), table, e -> { }, null).onReading("s", new double[] {20}, T0);
        SensorDetectors decoded = StateCodecs.detectors(after).decode(StateCodecs.detectors(before).encode(table.get("s")));
        assertThat(decoded.madeBy(after)).isFalse();
        assertThat(decoded.lastSeenMs()).isEqualTo(T0);
        MemoryTable<String, SensorDetectors> restored = new MemoryTable<>();
        restored.put("s", decoded);
        List<AlertEvent> events = new ArrayList<>();
        SensorAlerting alerting = new SensorAlerting(after, List.of("temperature"), restored, events::add, null);
        for (int i = 1; i <= 3; i++) alerting.onReading("s", new double[] {20}, T0 + i * 1_000L);
        assertThat(restored.get("s").madeBy(after)).isTrue();
        assertThat(events).extracting(AlertEvent::detector).containsExactly("flatline");
    }
}
