package io.sensorstream.core.detect;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.function.IntToDoubleFunction;
import org.assertj.core.api.Assertions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each detector on synthetic series with known anomalies, through the alert lifecycle. */
class DetectorSuiteTest {

    private static final long T0 = 1_700_000_000_000L;

    /** 20 ± 0.5 noise, one reading per second, with {@code anomaly} applied at index i. */
    private static double[] series(int n, IntToDoubleFunction anomaly) {
        SplittableRandom random = new SplittableRandom(3);
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = 20 + random.nextDouble(-0.5, 0.5) + anomaly.applyAsDouble(i);
        return xs;
    }

    private static <S> List<AlertEvent> run(Detector<S> d, double[] xs, AlertLifecycle lifecycle) {
        S state = d.newState();
        AlertLifecycle.State alert = new AlertLifecycle.State();
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            AlertEvent e = lifecycle.update(alert, "s", "temperature", d.name(), xs[i], T0 + i * 1_000L, d.assess(state, xs[i], T0 + i * 1_000L));
            if (e != null) events.add(e);
        }
        return events;
    }

    private static int index(AlertEvent e) {
        return (int) ((e.eventTimeMs() - T0) / 1_000);
    }

    private final AlertLifecycle lifecycle = new AlertLifecycle(3, 0);

    @Test
    void spikeIsOneFiringAndOneResolutionForEveryStatisticalDetector() {
        double[] xs = series(300, i -> i == 200 ? 15 : 0);
        for (Detector<?> d : List.of(new EwmaZScoreDetector(0.05, 5, 30, 0.05), new RollingZScoreDetector(60, 5, 0.05),
                new RobustMadDetector(60, 6, 0.05))) {
            List<AlertEvent> events = run(d, xs, lifecycle);
            assertThat(events).as(d.name()).extracting(AlertEvent::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
            assertThat(index(events.get(0))).as(d.name()).isEqualTo(200);
            assertThat(index(events.get(1))).as(d.name()).isEqualTo(203);
            assertThat(events.get(0).alertId()).isEqualTo(events.get(1).alertId());
            assertThat(events.get(0).expected()).as(d.name()).isBetween(19.5, 20.5);
            assertThat(events.get(0).score()).as(d.name()).isGreaterThan(5);
        }
    }

    /** 20 ± 3 with a period of 100 readings and ±0.2 noise, 1 500 readings, +6 at index 1 200. */
    private static double[] seasonalWithSpikeAt1200() {
        SplittableRandom random = new SplittableRandom(11);
        double[] xs = new double[1_500];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 20 + 3 * Math.sin(2 * Math.PI * i / 100.0) + random.nextDouble(-0.2, 0.2) + (i == 1_200 ? 6 : 0);
        }
        return xs;
    }

    @Test
    void randomCutForestFindsASpikeInASeasonalSeriesAfterItsWarmUp() {
        double[] xs = seasonalWithSpikeAt1200();
        RandomCutForestDetector rcf = new RandomCutForestDetector(RandomCutForestDetector.Settings.defaults());
        List<AlertEvent> events = run(rcf, xs, lifecycle);
        List<Integer> firings = events.stream().filter(e -> e.state() == AlertState.FIRING).map(DetectorSuiteTest::index).toList();
        assertThat(firings).as("fires on the spike").anyMatch(i -> i >= 1_200 && i <= 1_203);
        assertThat(firings).as("never during warm-up").allMatch(i -> i > RandomCutForestDetector.Settings.defaults().warmup());
        // anomaly rate 0.5 % calibrates the thresholder: about 5 of the ~950 judged normal readings at most
        assertThat(firings.stream().filter(i -> i < 1_200).count()).as("false alarms on the normal season").isLessThanOrEqualTo(5);
        assertThat(events.stream().filter(e -> index(e) >= 1_200 && e.state() == AlertState.FIRING).findFirst().orElseThrow()
                .score()).as("RCF score well above ~1").isGreaterThan(1.5);
    }

    @Test
    void aMinimumScoreKeepsOnlyTheClearestAnomalies() {
        double[] xs = seasonalWithSpikeAt1200();
        RandomCutForestDetector.Settings d = RandomCutForestDetector.Settings.defaults();
        assertThat(d.minScore()).isEqualTo(1.5);
        List<AlertEvent> all = run(new RandomCutForestDetector(d.withMinScore(0)), xs, lifecycle);
        List<AlertEvent> strict = run(new RandomCutForestDetector(d), xs, lifecycle);
        // without a floor the thresholder also flags a few points scored below 1 (normal); the spike scores about 1.9
        assertThat(all).filteredOn(e -> e.state() == AlertState.FIRING).anyMatch(e -> e.score() < 1.5);
        assertThat(strict).filteredOn(e -> e.state() == AlertState.FIRING).extracting(DetectorSuiteTest::index)
                .containsExactly(1_200);
    }

    @Test
    void aSampledForestSeesEveryNthReadingAndIsEncodedOnlyAfterItLearnt() throws Exception {
        RandomCutForestDetector rcf = new RandomCutForestDetector(new RandomCutForestDetector.Settings(4, 5, 32, 32, 0.01, 1, 4, 0));
        RandomCutForestDetector.Model m = rcf.newState();
        int judged = 0;
        for (int i = 0; i < 400; i++) {
            if (!rcf.assess(m, 20 + Math.sin(i / 5.0), T0 + i * 1_000L).warmingUp()) judged++;
        }
        assertThat(judged).as("100 sampled readings, the first 32 of them warm-up").isEqualTo(100 - 32);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        rcf.writeState(m, new DataOutputStream(first));
        byte[] cached = m.encoded;
        assertThat(cached).isNotNull();
        rcf.assess(m, 20, T0 + 400_000L); // the 401st reading is sampled (index 400): the forest learns
        assertThat(m.encoded).isNull();
        rcf.writeState(m, new DataOutputStream(new ByteArrayOutputStream()));
        byte[] afterLearning = m.encoded;
        rcf.assess(m, 20, T0 + 401_000L); // not sampled: the forest is unchanged and not encoded again
        assertThat(m.encoded).isSameAs(afterLearning);
        assertThat(afterLearning).isNotEqualTo(cached);
    }

    @Test
    void noiseAloneNeverAlerts() {
        double[] xs = series(2_000, i -> 0);
        for (Detector<?> d : List.of(new EwmaZScoreDetector(0.05, 5, 30, 0.05), new RollingZScoreDetector(60, 5, 0.05),
                new RobustMadDetector(60, 6, 0.05), new RateOfChangeDetector(2.0), new RangeDetector(0, 50),
                new FlatlineDetector(0.0001, 10))) {
            assertThat(run(d, xs, lifecycle)).as(d.name()).isEmpty();
        }
    }

    @Test
    void levelShiftFiresOnceAndTheEwmaAdaptsAndResolves() {
        double[] xs = series(600, i -> i >= 300 ? 8 : 0);
        List<AlertEvent> events = run(new EwmaZScoreDetector(0.05, 5, 30, 0.05), xs, lifecycle);
        assertThat(events).extracting(AlertEvent::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(index(events.get(0))).isEqualTo(300);
        assertThat(index(events.get(1))).isGreaterThan(303).isLessThan(600);
    }

    @Test
    void rateOfChangeCatchesFastDriftNotSlowDriftAndIgnoresUnevenSampling() {
        double[] slow = series(600, i -> i * 0.01); // 0.01 per second
        assertThat(run(new RateOfChangeDetector(1.0), slow, lifecycle)).isEmpty();
        double[] fast = series(600, i -> i >= 300 && i < 320 ? (i - 300) * 3.0 : i >= 320 ? 60 : 0);
        List<AlertEvent> events = run(new RateOfChangeDetector(1.0), fast, lifecycle);
        assertThat(events).extracting(AlertEvent::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(index(events.get(0))).isEqualTo(301);
        RateOfChangeDetector d = new RateOfChangeDetector(1.0);
        RateOfChangeDetector.State s = d.newState();
        d.assess(s, 20, T0);
        assertThat(d.assess(s, 25, T0 + 10_000).anomalous()).as("5 units over 10 s is 0.5/s").isFalse();
        assertThat(d.assess(s, 30, T0 + 11_000).anomalous()).as("5 units over 1 s").isTrue();
    }

    @Test
    void flatlineFiresWhileTheSensorIsStuck() {
        double[] xs = series(400, i -> 0);
        for (int i = 100; i < 200; i++) xs[i] = 21.5;
        List<AlertEvent> events = run(new FlatlineDetector(0.0001, 30), xs, lifecycle);
        assertThat(events).extracting(AlertEvent::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(index(events.get(0))).isEqualTo(129);
        assertThat(index(events.get(1))).isEqualTo(202);
    }

    @Test
    void rangeUsesStaticLimits() {
        RangeDetector d = new RangeDetector(0, 80);
        assertThat(d.assess(null, 85.2, T0).score()).isCloseTo(5.2, Assertions.within(1e-9));
        assertThat(d.assess(null, 79, T0).anomalous()).isFalse();
        assertThatThrownBy(() -> new RangeDetector(5, 1)).hasMessageContaining("min");
    }

    @Test
    void warmUpKeepsANewSensorQuiet() {
        double[] xs = series(100, i -> i == 5 ? 30 : 0); // a spike before the detectors have enough history
        assertThat(run(new RollingZScoreDetector(60, 5, 0.05), xs, lifecycle)).isEmpty();
        assertThat(run(new RobustMadDetector(60, 6, 0.05), xs, lifecycle)).isEmpty();
        assertThat(run(new EwmaZScoreDetector(0.05, 5, 30, 0.05), xs, lifecycle)).isEmpty();
    }

    @Test
    void sustainedConditionIsOneAlertAndCooldownSuppressesRefiring() {
        Assessment bad = Assessment.of(true, 9, 20, 19, 21);
        Assessment ok = Assessment.of(false, 0.5, 20, 19, 21);
        AlertLifecycle cooling = new AlertLifecycle(2, 60_000);
        AlertLifecycle.State s = new AlertLifecycle.State();
        List<AlertState> states = new ArrayList<>();
        Assessment[] seq = {ok, bad, bad, bad, ok, bad, ok, ok, bad, ok, ok};
        for (int i = 0; i < seq.length; i++) {
            AlertEvent e = cooling.update(s, "s", "m", "d", 0, T0 + i * 1_000L, seq[i]);
            if (e != null) states.add(e.state());
        }
        // fires at 1; the ok at 4 is not enough (clear after 2); resolves at 7; the bad at 8 is within the cooldown
        assertThat(states).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        AlertEvent after = cooling.update(s, "s", "m", "d", 0, T0 + 7_000 + 60_000, bad);
        assertThat(after).isNotNull();
        assertThat(after.state()).isEqualTo(AlertState.FIRING);
    }
}
