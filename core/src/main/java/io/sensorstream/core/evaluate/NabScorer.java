package io.sensorstream.core.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's scoring, ported line by line from numenta/NAB ({@code nab/sweeper.py},
 * {@code nab/optimizer.py}, {@code Runner.normalize}) so that sensorstream's detectors can be compared with NAB's
 * scoreboard by the field's own yardstick.
 *
 * <p>Each row of a file gets a <em>sweep score</em>: inside an anomaly window of width {@code w} (rows) whose right
 * edge is row {@code r}, row {@code i} is worth {@code tpWeight · σ(−(r − i + 1)/w) / σ(−1)} with the scaled sigmoid
 * {@code σ(x) = 2/(1 + e^{5x}) − 1} (early detection earns almost 1, detection at the right edge almost 0); outside
 * every window, row {@code i} after a window of width {@code w} ending at row {@code r} costs
 * {@code fpWeight · σ(|r − i|/(w − 1))} (−1 before any window, and beyond 3 window widths). The first
 * {@code min(⌊0.15 n⌋, 750)} rows of a file are probationary and not scored. At a threshold {@code t}, rows with
 * anomaly score {@code ≥ t} are detections; the file's score is the sum of the sweep scores of false-positive
 * detections plus, per window, the best sweep score of its detections or {@code −fnWeight} when it has none. The
 * threshold is optimised once for the whole corpus (one configuration for every file) and the total normalised:
 * {@code 100 · (S − S_null) / (S_perfect − S_null)}, {@code S_null = −fnWeight · windows} (nothing detected; windows
 * wholly within the probationary rows do not count), {@code S_perfect = tpWeight · windows}. Example: NAB's published Numenta HTM result, raw standard score 46.63 over
 * 116 windows, normalises to {@code 100 · (46.63 + 116) / 232 = 70.10}.
 */
public final class NabScorer {

    /** NAB's application profiles ({@code config/profiles.json}); the tn weight is unused by the scoring. */
    public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {
        public static final Profile STANDARD = new Profile("standard", 1.0, 0.11, 1.0);
        public static final Profile LOW_FP = new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0);
        public static final Profile LOW_FN = new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0);
        public static final List<Profile> ALL = List.of(STANDARD, LOW_FP, LOW_FN);
    }

    /**
     * One data file as NAB scores it: row timestamps (epoch ms, ascending), each row's anomaly score in [0, 1], and the
     * anomaly windows as {@code [first, last]} timestamps that are rows of the file.
     */
    public record DataFile(String name, long[] times, double[] scores, List<long[]> windows) {
    }

    /** The score of a threshold with its confusion counts (rows, probationary rows excluded). */
    public record ThresholdScore(double threshold, double score, int tp, int tn, int fp, int fn) {
    }

    /** A corpus result: the optimised threshold, the raw score there and the normalised score. */
    public record Result(Profile profile, double threshold, double rawScore, double normalized, int tp, int fp, int windows) {
    }

    static final double PROBATION_PERCENT = 0.15;
    private static final int PROBATIONARY = -2;
    private static final int OUTSIDE = -1;

    private NabScorer() {
    }

    static double scaledSigmoid(double relativePosition) {
        return relativePosition > 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
    }

    static double probationaryLength(int rows) {
        return Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);
    }

    /** The rows of one file with their sweep scores and windows (numbered from {@code firstWindow}). */
    static final class Sweep {
        final double[] anomaly;
        final double[] sweep;
        final int[] window;

        Sweep(int n) {
            anomaly = new double[n];
            sweep = new double[n];
            window = new int[n];
        }
    }

    /** NAB's {@code Sweeper.calcSweepScore}. */
    static Sweep sweep(DataFile file, Profile profile, int firstWindow) {
        long[] t = file.times();
        int n = t.length;
        if (file.scores().length != n) throw new IllegalArgumentException(file.name() + ": timestamps and scores differ in length");
        Sweep out = new Sweep(n);
        double maxTp = scaledSigmoid(-1.0);
        double probationary = probationaryLength(n);
        List<long[]> windows = new ArrayList<>(file.windows());
        int nextWindow = firstWindow;
        long[] current = null;
        int currentId = OUTSIDE;
        double currentWidth = 0;
        int currentRight = -1;
        double previousWidth = 0;
        int previousRight = -1;
        for (int i = 0; i < n; i++) {
            if (!windows.isEmpty() && t[i] == windows.get(0)[0]) {
                current = windows.remove(0);
                currentId = nextWindow++;
                currentRight = indexOf(t, current[1], file.name());
                currentWidth = currentRight - indexOf(t, current[0], file.name()) + 1;
            }
            double weighted;
            if (current != null) {
                double position = -(currentRight - i + 1) / currentWidth;
                weighted = scaledSigmoid(position) * profile.tpWeight() / maxTp;
            } else {
                double unweighted = previousRight < 0 ? -1.0 : scaledSigmoid(Math.abs(previousRight - i) / (previousWidth - 1));
                weighted = unweighted * profile.fpWeight();
            }
            out.anomaly[i] = file.scores()[i];
            out.sweep[i] = weighted;
            out.window[i] = i >= probationary ? (current != null ? currentId : OUTSIDE) : PROBATIONARY;
            if (current != null && t[i] == current[1]) {
                previousRight = i;
                previousWidth = currentWidth;
                current = null;
                currentId = OUTSIDE;
            }
        }
        if (!windows.isEmpty()) {
            throw new IllegalArgumentException(file.name() + ": anomaly window starting at " + windows.get(0)[0] + " is not a row");
        }
        return out;
    }

    private static int indexOf(long[] t, long time, String file) {
        int i = Arrays.binarySearch(t, time);
        if (i < 0) throw new IllegalArgumentException(file + ": anomaly window limit " + time + " is not a row");
        while (i > 0 && t[i - 1] == time) i--; // the first occurrence, as Python's list.index
        return i;
    }

    /** NAB's {@code Sweeper.calcScoreByThreshold} over rows of one or many files: every threshold's score, highest first. */
    static List<ThresholdScore> scoresByThreshold(List<Sweep> sweeps, Profile profile, int windowCount) {
        int total = 0;
        for (Sweep s : sweeps) {
            for (int w : s.window) if (w != PROBATIONARY) total++;
        }
        double[] anomaly = new double[total];
        double[] sweep = new double[total];
        int[] window = new int[total];
        int k = 0;
        for (Sweep s : sweeps) {
            for (int i = 0; i < s.window.length; i++) {
                if (s.window[i] == PROBATIONARY) continue;
                anomaly[k] = s.anomaly[i];
                sweep[k] = s.sweep[i];
                window[k] = s.window[i];
                k++;
            }
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(anomaly[b], anomaly[a])); // stable, like Python's sorted
        double[] best = new double[windowCount];
        boolean[] scored = new boolean[windowCount];
        double parts = 0; // the sum of every window's part plus the false positives' part
        for (int i = 0; i < total; i++) {
            if (window[i] >= 0 && !scored[window[i]]) {
                scored[window[i]] = true;
                best[window[i]] = -profile.fnWeight();
                parts -= profile.fnWeight();
            }
        }
        int tn = 0;
        int fn = 0;
        for (int w : window) {
            if (w == OUTSIDE) tn++;
            else fn++;
        }
        int tp = 0;
        int fp = 0;
        List<ThresholdScore> out = new ArrayList<>();
        double threshold = 1.1;
        for (int idx : order) {
            if (anomaly[idx] != threshold) {
                out.add(new ThresholdScore(threshold, parts, tp, tn, fp, fn));
                threshold = anomaly[idx];
            }
            if (window[idx] != OUTSIDE) {
                tp++;
                fn--;
                int w = window[idx];
                if (sweep[idx] > best[w]) {
                    parts += sweep[idx] - best[w];
                    best[w] = sweep[idx];
                }
            } else {
                fp++;
                tn--;
                parts += sweep[idx];
            }
        }
        out.add(new ThresholdScore(threshold, parts, tp, tn, fp, fn));
        return out;
    }

    /** The score of one file at a given threshold (NAB's {@code scoreDataSet}): rows scoring at least the threshold are detections. */
    public static ThresholdScore scoreFile(DataFile file, Profile profile, double threshold) {
        Sweep s = sweep(file, profile, 0);
        int windows = file.windows().size();
        double[] best = new double[windows];
        boolean[] scorable = new boolean[windows];
        double fpPart = 0;
        int tp = 0;
        int tn = 0;
        int fp = 0;
        int fn = 0;
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < s.window.length; i++) {
            int w = s.window[i];
            if (w == PROBATIONARY) continue;
            boolean detected = s.anomaly[i] >= threshold;
            if (w == OUTSIDE) {
                if (detected) {
                    fp++;
                    fpPart += s.sweep[i];
                } else {
                    tn++;
                }
            } else {
                scorable[w] = true;
                if (detected) {
                    tp++;
                    best[w] = Math.max(best[w], s.sweep[i]);
                } else {
                    fn++;
                }
            }
        }
        double score = fpPart;
        for (int w = 0; w < windows; w++) {
            if (scorable[w]) score += Math.max(best[w], -profile.fnWeight());
        }
        return new ThresholdScore(threshold, score, tp, tn, fp, fn);
    }

    /** A corpus scored at a given threshold (NAB's {@code run.py --score --normalize} with {@code config/thresholds.json}). */
    public static Result scoreAt(List<DataFile> corpus, Profile profile, double threshold) {
        double raw = 0;
        double nullScore = 0;
        int tp = 0;
        int fp = 0;
        int windows = 0;
        for (DataFile f : corpus) {
            ThresholdScore ts = scoreFile(f, profile, threshold);
            raw += ts.score();
            nullScore += scoreFile(f, profile, Double.POSITIVE_INFINITY).score();
            tp += ts.tp();
            fp += ts.fp();
            windows += f.windows().size();
        }
        double perfect = profile.tpWeight() * windows;
        return new Result(profile, threshold, raw, windows == 0 ? Double.NaN : 100.0 * (raw - nullScore) / (perfect - nullScore),
                tp, fp, windows);
    }

    /**
     * Scores a corpus as NAB's {@code run.py --optimize --score --normalize} does: one threshold for all files, the one
     * with the highest total score (the highest such threshold on a tie, as NAB's optimiser).
     */
    public static Result score(List<DataFile> corpus, Profile profile) {
        List<Sweep> sweeps = new ArrayList<>(corpus.size());
        int windows = 0;
        for (DataFile f : corpus) {
            sweeps.add(sweep(f, profile, windows));
            windows += f.windows().size();
        }
        ThresholdScore best = null;
        List<ThresholdScore> all = scoresByThreshold(sweeps, profile, windows);
        for (ThresholdScore ts : all) {
            if (best == null || ts.score() > best.score()) best = ts;
        }
        double nullScore = all.get(0).score(); // threshold above every score: nothing detected (NAB's null detector)
        double perfect = profile.tpWeight() * windows;
        double normalized = windows == 0 ? Double.NaN : 100.0 * (best.score() - nullScore) / (perfect - nullScore);
        return new Result(profile, best.threshold(), best.score(), normalized, best.tp(), best.fp(), windows);
    }
}
