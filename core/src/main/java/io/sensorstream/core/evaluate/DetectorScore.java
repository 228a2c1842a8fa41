package io.sensorstream.core.evaluate;

/**
 * How one detector did over labelled series.
 *
 * <p>A window is detected when at least one FIRING falls inside it; a FIRING outside every window is a false
 * positive. {@code precision = detected / (detected + falsePositives)}, {@code recall = detected / windows},
 * F1 their harmonic mean, and the delay is the mean time from a detected window's start to its first FIRING.
 * Example: 10 windows, 6 detected, 4 false firings → precision 0.6, recall 0.6, F1 0.6.
 */
public record DetectorScore(String detector, int windows, int detected, int falsePositives, long delaySumMs) {

    public double precision() {
        return detected + falsePositives == 0 ? 0 : detected / (double) (detected + falsePositives);
    }

    public double recall() {
        return windows == 0 ? 0 : detected / (double) windows;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Mean detection delay in ms; NaN when nothing was detected. */
    public double meanDelayMs() {
        return detected == 0 ? Double.NaN : delaySumMs / (double) detected;
    }

    public DetectorScore plus(DetectorScore o) {
        return new DetectorScore(detector, windows + o.windows, detected + o.detected, falsePositives + o.falsePositives,
                delaySumMs + o.delaySumMs);
    }
}
