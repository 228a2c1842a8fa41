package io.sensorstream.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The contextual detector (CAD OSE port): learning a pattern, flagging what breaks it, range, memory cap, state. */
class ContextDetectorTest {

    private static final long T0 = 1_700_000_000_000L;

    private static ContextDetector detector(Map<String, Object> params) {
        return (ContextDetector) DetectorCatalog.standard().create("cad", params, 1);
    }

    /** A square-ish periodic signal (period 24) with a little noise: a pattern CAD learns quickly. */
    private static double[] pattern(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = 10 + 8 * Math.sin(2 * Math.PI * i / 24.0) + random.nextDouble(-0.2, 0.2);
        return xs;
    }

    private static List<Integer> anomalies(ContextDetector d, double[] xs) {
        ContextDetector.State s = d.newState();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (d.assess(s, xs[i], T0 + i * 60_000L).anomalous()) out.add(i);
        }
        return out;
    }

    @Test
    void aLearntPatternIsQuietAndABreakInItIsFlaggedOnce() {
        double[] xs = pattern(3_000, 3);
        assertThat(anomalies(detector(Map.of()), xs)).as("the pattern alone, after learning").allMatch(i -> i < 1_000);
        for (int i = 2_000; i < 2_030; i++) xs[i] = 10; // the wave stops: a flat stretch in mid-range
        List<Integer> found = anomalies(detector(Map.of()), xs);
        assertThat(found.stream().filter(i -> i >= 1_000).toList()).as("one alert near the break, then the rest period")
                .hasSize(1).allMatch(i -> i >= 2_000 && i < 2_012);
    }

    @Test
    void theCheapSettingLearnsThePatternWithFarFewerContextsAndStillFlagsTheBreak() {
        Map<String, Object> cheap = Map.of("max-active", 1, "max-left-facts", 1); // the README's cheap setting
        double[] xs = pattern(3_000, 3);
        for (int i = 2_000; i < 2_030; i++) xs[i] = 10;
        List<Integer> found = anomalies(detector(cheap), xs);
        assertThat(found.stream().filter(i -> i >= 1_000).toList()).as("one alert near the break").hasSize(1)
                .allMatch(i -> i >= 2_000 && i < 2_012);
        ContextDetector defaults = detector(Map.of());
        ContextDetector cheapOne = detector(cheap);
        ContextDetector.State full = defaults.newState();
        ContextDetector.State lean = cheapOne.newState();
        for (int i = 0; i < xs.length; i++) {
            defaults.assess(full, xs[i], T0 + i * 60_000L);
            cheapOne.assess(lean, xs[i], T0 + i * 60_000L);
        }
        assertThat(lean.contexts() * 5).as("contexts: lean %d, defaults %d", lean.contexts(), full.contexts())
                .isLessThan(full.contexts());
    }

    @Test
    void aValueFarOutsideTheLearntRangeIsNew() {
        double[] xs = pattern(2_000, 5);
        xs[1_500] = 500;
        assertThat(anomalies(detector(Map.of()), xs)).contains(1_500);
    }

    @Test
    void valuesBecomeBitFactsOfTheirBin() {
        ContextDetector d = detector(Map.of("bits", 3, "min", 0.0, "max", 7.0));
        ContextDetector.State s = d.newState();
        assertThat(d.facts(s, 5.2)).as("bin 5 = 101b").containsExactly(1, 2, 5);
        assertThat(d.facts(s, 0)).containsExactly(0, 2, 4);
        assertThat(d.facts(s, 9.5)).as("bin 9 = 1001b: a fourth bit beyond the range").containsExactly(1, 2, 4, 7);
        assertThat(d.facts(s, -3.5)).as("below the range: bits of 3 and the sign").containsExactly(1, 3, 4, ContextDetector.SIGN_FACT);
    }

    @Test
    void theRangeIsLearntFromTheFirstReadingsWhichAreThenReplayed() {
        ContextDetector d = detector(Map.of("bits", 3, "learn", 100, "margin", 0.5));
        ContextDetector.State s = d.newState();
        for (int i = 0; i < 100; i++) {
            assertThat(d.assess(s, 10 + (i % 10), T0 + i).warmingUp()).as("reading %d", i).isTrue();
        }
        assertThat(s.contexts()).as("the learning readings were replayed into the model").isPositive();
        assertThat(d.facts(s, 9.0)).as("range [5.5, 23.5], bins of 18/7: 9 is bin 1").containsExactly(1, 2, 4);
        assertThat(d.assess(s, 12, T0 + 100).warmingUp()).isFalse();
    }

    @Test
    void theLearningReplayStartsNoRestPeriodSoTheFirstReadingAfterItIsJudged() {
        double[] xs = pattern(200, 3);
        xs[100] = 500; // right after learning: far outside the learnt range
        ContextDetector d = detector(Map.of("learn", 100, "rest-period", 120));
        assertThat(anomalies(d, xs)).as("the replay's own high scores (a fresh model finds all new) mute nothing")
                .contains(100);
    }

    @Test
    void whileTheRangeIsLearntTheLikelihoodWithoutItsDailyProfileJudgesTheReadings() {
        double[] xs = pattern(1_000, 3);
        for (int i = 500; i < 530; i++) xs[i] += 30; // a level shift while the range is still being learnt (750)
        ContextDetector cad = detector(Map.of());
        @SuppressWarnings("unchecked")
        Detector<Object> likelihood = (Detector<Object>) DetectorCatalog.standard().create("likelihood", Map.of("daily-slot", 0), 1);
        ContextDetector.State s = cad.newState();
        Object alone = likelihood.newState();
        for (int i = 0; i < 750; i++) {
            Assessment judged = cad.assess(s, xs[i], T0 + i * 60_000L);
            Assessment expected = likelihood.assess(alone, xs[i], T0 + i * 60_000L);
            assertThat(judged).as("reading %d: the likelihood's own assessment", i).isEqualTo(expected);
            assertThat(cad.grade(s, judged)).as("and its grade").isEqualTo(likelihood.grade(alone, expected));
        }
        assertThat(anomalies(cad, xs).stream().filter(i -> i < 750).toList()).as("the shift is flagged before learning ends")
                .isNotEmpty().allMatch(i -> i >= 500 && i < 540);
        assertThat(anomalies(detector(Map.of("judge-while-learning", false)), xs)).as("without a judge: nothing before 750")
                .allMatch(i -> i >= 750);
        Assessment after = cad.assess(s, xs[750], T0 + 750 * 60_000L);
        assertThat(after.warmingUp()).isFalse();
        assertThat(cad.grade(s, after)).as("from the learnt range on, the model's own score").isEqualTo(after.score());
    }

    @Test
    void stateOfTheFormerFormatContinuesAsIfWrittenByThisOne() throws IOException {
        // cad states written by earlier builds: before the judge (format 1), 400 and 1 000 readings of this series; with a
        // judge but no daily profile in its state (format 2), 400 readings
        SplittableRandom random = new SplittableRandom(3);
        double[] xs = new double[1_500];
        for (int i = 0; i < xs.length; i++) xs[i] = 10 + 8 * Math.sin(2 * Math.PI * i / 24.0) + random.nextDouble(-0.2, 0.2);
        ContextDetector d = detector(Map.of());
        for (var fixture : Map.of("cad.v1-learning.bin", 400, "cad.v1-learnt.bin", 1_000, "cad.v2-learning.bin", 400).entrySet()) {
            byte[] bytes;
            try (var in = getClass().getResourceAsStream("/state-fixtures/" + fixture.getKey())) {
                bytes = in.readAllBytes();
            }
            assertThat(bytes[0]).as("%s: its format", fixture.getKey()).isEqualTo((byte) (fixture.getKey().contains("v2") ? 2 : 1));
            ContextDetector.State old = d.readState(new DataInputStream(new ByteArrayInputStream(bytes)));
            ContextDetector.State today = d.newState();
            for (int i = 0; i < fixture.getValue(); i++) d.assess(today, xs[i], T0 + i * 60_000L);
            for (int i = fixture.getValue(); i < xs.length; i++) {
                Assessment a = d.assess(old, xs[i], T0 + i * 60_000L);
                Assessment b = d.assess(today, xs[i], T0 + i * 60_000L);
                boolean sameJudge = fixture.getKey().contains("v2"); // format 1 had no judge: one starts afresh on load
                if (i >= 750 || sameJudge) assertThat(a).as("%s, reading %d", fixture.getKey(), i).isEqualTo(b);
            }
            assertThat(old.contexts()).isEqualTo(today.contexts());
            assertThat(encode(d, d.readState(new DataInputStream(new ByteArrayInputStream(encode(d, old))))))
                    .as("written again in today's format").startsWith((byte) 3);
        }
    }

    @Test
    void atMaxContextsTheModelStartsAfresh() {
        ContextDetector d = detector(Map.of("max-contexts", 200, "learn", 50));
        ContextDetector.State s = d.newState();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 3_000; i++) d.assess(s, random.nextDouble(0, 100), T0 + i);
        assertThat(s.resets()).isPositive();
        assertThat(s.contexts()).isLessThan(200);
    }

    @Test
    void aRestoredStateContinuesBitForBitAtEveryPoint() throws IOException {
        ContextDetector d = detector(Map.of("learn", 600, "rest-period", 30)); // the judge assesses readings 300–599
        double[] xs = pattern(1_500, 7);
        for (int i = 400; i < 420; i++) xs[i] += 6;
        for (int i = 900; i < 920; i++) xs[i] += 6;
        ContextDetector.State live = d.newState();
        ContextDetector.State restored = d.newState();
        for (int i = 0; i < xs.length; i++) {
            if (i % 97 == 0) { // during learning too
                byte[] bytes = encode(d, restored);
                restored = d.readState(new DataInputStream(new ByteArrayInputStream(bytes)));
                assertThat(encode(d, restored)).as("re-encoded at %d", i).isEqualTo(bytes);
            }
            Assessment a = d.assess(live, xs[i], T0 + i);
            Assessment b = d.assess(restored, xs[i], T0 + i);
            assertThat(b).as("reading %d", i).isEqualTo(a);
            assertThat(d.grade(restored, b)).as("grade of reading %d", i).isEqualTo(d.grade(live, a));
        }
        assertThat(live.contexts()).isEqualTo(restored.contexts());
    }

    @Test
    void sameInputSameScores() {
        double[] xs = pattern(1_200, 11);
        ContextDetector d = detector(Map.of());
        Map<Integer, Double> first = new HashMap<>();
        ContextDetector.State a = d.newState();
        ContextDetector.State b = detector(Map.of()).newState();
        for (int i = 0; i < xs.length; i++) {
            double sa = d.assess(a, xs[i], T0 + i).score();
            double sb = d.assess(b, xs[i], T0 + i).score();
            assertThat(Double.doubleToRawLongBits(sb)).isEqualTo(Double.doubleToRawLongBits(sa));
            first.put(i, sa);
        }
        assertThat(first.values()).as("scores are graded in [0, 1]").allMatch(v -> Double.isNaN(v) || (v >= 0 && v <= 1));
    }

    @Test
    void factSetsEncodeCompactlyAndExactly() throws IOException {
        int[][] sets = {{}, {0, 2, 5}, {1, 3, 127, 256, 70_000, 2_000_000_000}, {9, 4, -3}, {Integer.MIN_VALUE, Integer.MAX_VALUE}};
        for (int[] set : sets) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ContextDetector.writeInts(set, new DataOutputStream(bytes));
            int[] back = ContextDetector.readInts(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertThat(back).isEqualTo(set);
        }
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        ContextDetector.writeInts(new int[] {1, 2, 5, 7, 8}, new DataOutputStream(small));
        assertThat(small.size()).as("a value's facts: a byte each").isEqualTo(6);
    }

    @Test
    void badSettingsAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> detector(Map.of("min", 3.0))).hasMessageContaining("min and max");
        assertThatThrownBy(() -> detector(Map.of("bits", 0))).hasMessageContaining("bits");
        assertThatThrownBy(() -> detector(Map.of("max-contexts", 3))).hasMessageContaining("max-contexts");
    }

    private static byte[] encode(ContextDetector d, ContextDetector.State s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        d.writeState(s, new DataOutputStream(out));
        return out.toByteArray();
    }
}
