package io.sensorstream.core.detect;

import java.util.Arrays;

/**
 * Median and median absolute deviation of the last N values: {@code |x − median| / (1.4826 · MAD) > threshold}. The
 * median ignores the very spikes it looks for, where a mean and a standard deviation would be dragged by them; 1.4826
 * makes the MAD estimate σ for normal data. Example: window 20, 19, 21, 20, 95 (one spike already in), x 96 → median
 * 20, MAD 1 → score ≈ 51. Warm-up: until the window is full. Anomalous values do not enter the window.
 */
public final class RobustMadDetector extends RollingDetector {

    public RobustMadDetector(int window, double threshold, double minScale) {
        super("MAD", window, threshold, minScale);
    }

    @Override
    public String name() {
        return "mad";
    }

    @Override
    public Assessment assess(WindowedDetector.Ring ring, double x, long t) {
        if (ring.size < window) {
            ring.add(x);
            return Assessment.WARMING_UP;
        }
        double[] v = ring.copy();
        Arrays.sort(v);
        double median = median(v);
        for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i] - median);
        Arrays.sort(v);
        double scale = Math.max(minSpread, 1.4826 * median(v));
        double score = Math.abs(x - median) / scale;
        boolean anomalous = score > threshold;
        if (!anomalous) ring.add(x);
        return Assessment.of(anomalous, score, median, median - threshold * scale, median + threshold * scale);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
