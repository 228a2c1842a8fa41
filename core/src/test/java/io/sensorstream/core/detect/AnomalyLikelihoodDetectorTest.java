package io.sensorstream.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The anomaly likelihood detector with its catalog defaults, through the alert lifecycle. */
class AnomalyLikelihoodDetectorTest {

    private static final long T0 = 1_700_000_000_000L;
    private final AlertLifecycle lifecycle = new AlertLifecycle(3, 0);

    private static AnomalyLikelihoodDetector detector() {
        return (AnomalyLikelihoodDetector) DetectorCatalog.standard().create("likelihood", Map.of(), 1);
    }

    private static double[] noise(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = 20 + random.nextDouble(-0.5, 0.5);
        return xs;
    }

    private List<AlertEvent> run(double[] xs) {
        AnomalyLikelihoodDetector d = detector();
        AnomalyLikelihoodDetector.State s = d.newState();
        AlertLifecycle.State alert = new AlertLifecycle.State();
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            AlertEvent e = lifecycle.update(alert, "s", "v", d.name(), xs[i], T0 + i * 1_000L, d.assess(s, xs[i], T0 + i * 1_000L));
            if (e != null) events.add(e);
        }
        return events;
    }

    @Test
    void noiseAloneNeverAlerts() {
        for (long seed = 1; seed <= 3; seed++) {
            assertThat(run(noise(5_000, seed))).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void aBurstOfUnusualValuesFiresOnceNearItsStartAndResolves() {
        double[] xs = noise(3_000, 7);
        for (int i = 2_000; i < 2_020; i++) xs[i] += 2.5; // a shift of 2.5 noise amplitudes for 20 readings
        List<AlertEvent> events = run(xs);
        assertThat(events).extracting(AlertEvent::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        int fired = (int) ((events.get(0).eventTimeMs() - T0) / 1_000);
        assertThat(fired).as("within the averaging of the burst's start").isBetween(2_000, 2_005);
        assertThat(events.get(0).score()).isBetween(0.6, 1.0);
    }

    @Test
    void theGradedScorePeaksOncePerSurpriseWhileTheVerdictFollowsTheRule() {
        double[] xs = noise(3_000, 7);
        for (int i = 2_000; i < 2_020; i++) xs[i] += 2.5;
        AnomalyLikelihoodDetector d = detector();
        AnomalyLikelihoodDetector.State s = d.newState();
        List<Integer> anomalous = new ArrayList<>();
        List<Integer> graded = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            Assessment a = d.assess(s, xs[i], T0 + i);
            if (a.anomalous()) anomalous.add(i);
            double g = d.grade(s, a);
            if (g >= 0.6) graded.add(i);
            if (a.anomalous() && g == 0) assertThat(a.score()).as("the assessment keeps its score at %d", i).isGreaterThanOrEqualTo(0.6);
        }
        assertThat(anomalous).as("anomalous for several readings of the burst").hasSizeGreaterThan(1);
        assertThat(graded).as("one graded peak: the first anomalous reading").containsExactly(anomalous.get(0));
        AnomalyLikelihoodDetector noRest = (AnomalyLikelihoodDetector) DetectorCatalog.standard()
                .create("likelihood", Map.of("rest-period", 0), 1);
        AnomalyLikelihoodDetector.State r = noRest.newState();
        int high = 0;
        for (int i = 0; i < xs.length; i++) if (noRest.grade(r, noRest.assess(r, xs[i], T0 + i)) >= 0.6) high++;
        assertThat(high).as("rest-period 0: graded like the verdict").isEqualTo(anomalous.size());
    }

    @Test
    void warmUpKeepsANewSensorQuiet() {
        AnomalyLikelihoodDetector d = detector();
        AnomalyLikelihoodDetector.State s = d.newState();
        for (int i = 0; i < 299; i++) {
            assertThat(d.assess(s, i % 2 == 0 ? 0 : 100, T0 + i).warmingUp()).as("reading %d", i).isTrue();
        }
    }

    @Test
    void aRestoredStateBehavesIdenticallyAndEncodesToTheSameBytes() throws IOException {
        AnomalyLikelihoodDetector d = detector();
        double[] xs = noise(2_000, 5);
        xs[1_500] += 10;
        AnomalyLikelihoodDetector.State live = d.newState();
        for (int i = 0; i < 1_000; i++) d.assess(live, xs[i], T0 + i);
        byte[] bytes = encode(d, live);
        AnomalyLikelihoodDetector.State restored = d.readState(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertThat(encode(d, restored)).isEqualTo(bytes);
        for (int i = 1_000; i < 2_000; i++) {
            Assessment a = d.assess(live, xs[i], T0 + i);
            Assessment b = d.assess(restored, xs[i], T0 + i);
            assertThat(Double.doubleToRawLongBits(b.score())).as("reading %d", i).isEqualTo(Double.doubleToRawLongBits(a.score()));
            assertThat(b.anomalous()).isEqualTo(a.anomalous());
            assertThat(d.grade(restored, b)).as("grade at %d (the rest period restored)", i).isEqualTo(d.grade(live, a));
        }
    }

    @Test
    void aDailyRhythmIsLearntSoOnlyABreakInItAlerts() {
        // 5-minute readings for 20 days: 10 at night (00:00–08:00 UTC), 20 by day; on day 15 the day stays at night level
        long midnight = 1_699_920_000_000L;
        int perDay = 288;
        SplittableRandom random = new SplittableRandom(2);
        double[] xs = new double[20 * perDay];
        for (int i = 0; i < xs.length; i++) {
            boolean night = i % perDay < 96;
            boolean broken = i / perDay == 15 && !night;
            xs[i] = (night || broken ? 10 : 20) + random.nextDouble(-0.3, 0.3);
        }
        List<Integer> withProfile = firing(detector(), xs, midnight);
        List<Integer> without = firing((AnomalyLikelihoodDetector) DetectorCatalog.standard().create("likelihood",
                Map.of("daily-slot", 0), 1), xs, midnight);
        int breakStart = 15 * perDay + 96;
        int breakEnd = 16 * perDay;
        assertThat(withProfile).as("with the profile: one alert, where the day stays at night level")
                .hasSize(1).allMatch(i -> i >= breakStart && i < breakStart + 12);
        assertThat(without.stream().filter(i -> i < breakStart || i >= breakEnd))
                .as("without it: alerts at ordinary daily switches").hasSizeGreaterThanOrEqualTo(3);
        assertThat(without).as("and none for the broken day").noneMatch(i -> i >= breakStart && i < breakEnd);
    }

    @Test
    void withTheProfileTheExpectedValueIsTheTypicalValueAtThatTimeOfDayAndAMissingValueTeachesNothing() throws IOException {
        long midnight = 1_699_920_000_000L;
        AnomalyLikelihoodDetector d = detector();
        AnomalyLikelihoodDetector.State s = d.newState();
        SplittableRandom random = new SplittableRandom(6);
        Assessment last = null;
        for (int i = 0; i < 10 * 288; i++) { // ten days: 10 at night (00:00–08:00 UTC), 20 by day
            double x = (i % 288 < 96 ? 10 : 20) + random.nextDouble(-0.3, 0.3);
            last = d.assess(s, x, midnight + i * 300_000L);
        }
        assertThat(last.expected()).as("late evening: the day level, not the residual's mean").isCloseTo(20, within(1.0));
        Assessment night = d.assess(s, 10, midnight + 10 * 288 * 300_000L + 3_600_000L);
        assertThat(night.expected()).as("01:00: the night level").isCloseTo(10, within(1.0));
        byte[] before = encode(d, s);
        assertThat(d.assess(s, Double.NaN, midnight + 10 * 288 * 300_000L + 3_900_000L).warmingUp()).isTrue();
        assertThat(encode(d, s)).as("a NaN changes no state").isEqualTo(before);
    }

    @Test
    void aStoredProfileIsReadPastWhenTheProfileIsSwitchedOff() throws IOException {
        AnomalyLikelihoodDetector with = detector();
        AnomalyLikelihoodDetector.State s = with.newState();
        double[] xs = noise(3 * 288, 8);
        for (int i = 0; i < xs.length; i++) with.assess(s, xs[i], T0 + i * 300_000L); // three days: a full profile
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        with.writeState(s, out);
        out.writeInt(0x5EED); // what follows it in an enclosing state (cad's judge)
        AnomalyLikelihoodDetector without = (AnomalyLikelihoodDetector) DetectorCatalog.standard().create("likelihood",
                Map.of("daily-slot", 0), 1);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        AnomalyLikelihoodDetector.State read = without.readState(in);
        assertThat(in.readInt()).as("the profile read past, exactly").isEqualTo(0x5EED);
        assertThat(read.daily).isNull();
    }

    /** Readings where an alert starts firing. */
    private List<Integer> firing(AnomalyLikelihoodDetector d, double[] xs, long t0) {
        AnomalyLikelihoodDetector.State s = d.newState();
        AlertLifecycle.State alert = new AlertLifecycle.State();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            long t = t0 + i * 300_000L;
            AlertEvent e = lifecycle.update(alert, "s", "v", d.name(), xs[i], t, d.assess(s, xs[i], t));
            if (e != null && e.state() == AlertState.FIRING) out.add(i);
        }
        return out;
    }

    @Test
    void theNormalTailIsAccurateFarOut() {
        assertThat(AnomalyLikelihoodDetector.logUpperTail(1.0)).isCloseTo(Math.log(0.158655254), within(1e-6));
        assertThat(AnomalyLikelihoodDetector.logUpperTail(5.0)).isCloseTo(Math.log(2.866515719e-7), within(1e-6));
        assertThat(AnomalyLikelihoodDetector.logUpperTail(-1.0)).isCloseTo(Math.log(0.841344746), within(1e-6));
        assertThat(AnomalyLikelihoodDetector.logScore(Math.sqrt(2) * 3.0)).as("Q ≈ 1.1e-5: log score ≈ 0.496")
                .isCloseTo(-Math.log10(0.5 * 2.209049699858544e-5) / 10, within(1e-5));
        assertThat(AnomalyLikelihoodDetector.logScore(-2)).isZero();
        assertThat(AnomalyLikelihoodDetector.logScore(40)).isEqualTo(1.0);
    }

    private static byte[] encode(AnomalyLikelihoodDetector d, AnomalyLikelihoodDetector.State s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        d.writeState(s, new DataOutputStream(out));
        return out.toByteArray();
    }
}
