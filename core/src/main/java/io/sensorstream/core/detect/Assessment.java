package io.sensorstream.core.detect;

/**
 * A detector's verdict on one value: whether it is anomalous, how strongly (the score, in the detector's own unit:
 * z-score, MADs, units per second, ...), and what was expected (a centre and a band), so alerts can explain themselves.
 *
 * @param anomalous whether the value breaks the detector's rule
 * @param warmingUp whether the detector has not seen enough values to judge (never anomalous then)
 * @param score     how far from normal; NaN while warming up
 * @param expected  the value the detector expected; NaN when it has no single expectation
 * @param lower     lower end of the normal band (inclusive); -∞ when unbounded
 * @param upper     upper end of the normal band (inclusive); +∞ when unbounded
 */
public record Assessment(boolean anomalous, boolean warmingUp, double score, double expected, double lower, double upper) {

    /** Not enough history yet. */
    public static final Assessment WARMING_UP = new Assessment(false, true, Double.NaN, Double.NaN,
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public static Assessment of(boolean anomalous, double score, double expected, double lower, double upper) {
        return new Assessment(anomalous, false, score, expected, lower, upper);
    }
}
