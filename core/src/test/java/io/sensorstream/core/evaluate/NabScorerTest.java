package io.sensorstream.core.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * sensorstream's port of NAB's scoring against NAB's own numbers, on an excerpt of NAB bundled in the test resources
 * (two files of the Numenta HTM detector's published results, see {@code nab-excerpt/NOTICE.md}): each file's score
 * and confusion counts at NAB's threshold, for the three profiles, as NAB published them; the corpus optimiser's
 * scores agree with scoring every threshold one by one; and the scaled sigmoid's worked values from NAB's source.
 */
class NabScorerTest {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    @Test
    void scaledSigmoidHasNabsWorkedValues() {
        assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.98661, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(0.0)).isCloseTo(0.0, within(1e-12));
        assertThat(NabScorer.scaledSigmoid(1.0)).isCloseTo(-0.98661, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(3.5)).isEqualTo(-1.0);
        assertThat(NabScorer.probationaryLength(4032)).isEqualTo(604);
        assertThat(NabScorer.probationaryLength(22_000)).isEqualTo(750);
    }

    @Test
    void eachFileScoresAsNabPublishedItForEveryProfile() throws IOException {
        List<NabScorer.DataFile> corpus = corpus();
        List<String[]> expected = csv("expected-scores.csv");
        assertThat(expected).hasSize(6);
        for (String[] row : expected) {
            NabScorer.Profile profile = NabScorer.Profile.ALL.stream().filter(p -> p.name().equals(row[0])).findFirst().orElseThrow();
            NabScorer.DataFile file = corpus.stream().filter(f -> f.name().equals(row[1])).findFirst().orElseThrow();
            NabScorer.ThresholdScore s = NabScorer.scoreFile(file, profile, Double.parseDouble(row[2]));
            String what = row[0] + " " + row[1];
            assertThat(s.score()).as(what).isCloseTo(Double.parseDouble(row[3]), within(1e-9));
            assertThat(new int[] {s.tp(), s.tn(), s.fp(), s.fn()}).as(what)
                    .containsExactly(Integer.parseInt(row[4]), Integer.parseInt(row[5]), Integer.parseInt(row[6]), Integer.parseInt(row[7]));
        }
    }

    @Test
    void theOptimiserAgreesWithScoringEveryThresholdOneByOne() throws IOException {
        List<NabScorer.DataFile> corpus = corpus();
        for (NabScorer.Profile profile : NabScorer.Profile.ALL) {
            NabScorer.Result best = NabScorer.score(corpus, profile);
            TreeSet<Double> thresholds = new TreeSet<>();
            corpus.forEach(f -> { for (double v : f.scores()) thresholds.add(v); });
            double bruteForce = Double.NEGATIVE_INFINITY;
            for (double t : thresholds) {
                double total = 0;
                for (NabScorer.DataFile f : corpus) total += NabScorer.scoreFile(f, profile, t).score();
                bruteForce = Math.max(bruteForce, total);
            }
            double none = 0;
            for (NabScorer.DataFile f : corpus) none += NabScorer.scoreFile(f, profile, 2.0).score();
            assertThat(best.rawScore()).as(profile.name()).isCloseTo(Math.max(bruteForce, none), within(1e-9));
            double atBest = 0;
            for (NabScorer.DataFile f : corpus) atBest += NabScorer.scoreFile(f, profile, best.threshold()).score();
            assertThat(atBest).as("the reported threshold gives the reported score").isCloseTo(best.rawScore(), within(1e-9));
            assertThat(best.windows()).isEqualTo(6);
            assertThat(best.normalized()).isEqualTo(100 * (best.rawScore() + profile.fnWeight() * 6) / (6 + profile.fnWeight() * 6),
                    within(1e-9));
        }
    }

    @Test
    void perfectAndNullDetectorsScoreHundredAndZero() throws IOException {
        List<NabScorer.DataFile> perfect = new ArrayList<>();
        List<NabScorer.DataFile> none = new ArrayList<>();
        for (NabScorer.DataFile f : corpus()) {
            double[] first = new double[f.times().length];
            for (long[] w : f.windows()) {
                for (int i = 0; i < f.times().length; i++) if (f.times()[i] == w[0]) first[i] = 1.0; // each window's first row
            }
            perfect.add(new NabScorer.DataFile(f.name(), f.times(), first, f.windows()));
            none.add(new NabScorer.DataFile(f.name(), f.times(), new double[f.times().length], f.windows()));
        }
        for (NabScorer.Profile profile : NabScorer.Profile.ALL) {
            assertThat(NabScorer.score(perfect, profile).normalized()).as(profile.name()).isCloseTo(100.0, within(1e-9));
            assertThat(NabScorer.scoreAt(none, profile, 0.5).normalized()).as(profile.name()).isCloseTo(0.0, within(1e-9));
        }
    }

    private static List<NabScorer.DataFile> corpus() throws IOException {
        List<String[]> windows = csv("windows.csv");
        List<NabScorer.DataFile> out = new ArrayList<>();
        for (String file : List.of("realTraffic/speed_7578.csv", "realKnownCause/rogue_agent_key_hold.csv")) {
            List<String[]> rows = csv(file.substring(file.indexOf('/') + 1));
            long[] times = new long[rows.size()];
            double[] scores = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                times[i] = millis(rows.get(i)[0]);
                scores[i] = Double.parseDouble(rows.get(i)[1]);
            }
            List<long[]> ws = windows.stream().filter(w -> w[0].equals(file)).map(w -> new long[] {millis(w[1]), millis(w[2])}).toList();
            out.add(new NabScorer.DataFile(file, times, scores, ws));
        }
        return out;
    }

    private static long millis(String text) {
        return LocalDateTime.parse(text, TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static List<String[]> csv(String name) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                NabScorerTest.class.getResourceAsStream("/nab-excerpt/" + name), name), StandardCharsets.UTF_8))) {
            return r.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
        }
    }
}
