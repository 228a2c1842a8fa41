package io.sensorstream.core.detect;

import io.sensorstream.core.reading.Reading;

/**
 * The seed's anomaly rule: a reading is anomalous when it differs from the same sensor's previous reading (in
 * event-time order) by more than a threshold: {@code |current - previous| > threshold}.
 *
 * <p>Example: threshold 5.0, previous 20.1, current 35.3 → {@code |35.3 - 20.1| = 15.2 > 5.0}, one alert. The first
 * reading of a sensor has no predecessor and never alerts. The detector is stateless; the caller keeps each
 * sensor's previous reading (in a fault-tolerant store).
 */
public final class JumpDetector {

    private final double threshold;

    public JumpDetector(double threshold) {
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("jump threshold must be a finite number >= 0, got " + threshold);
        }
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /**
     * Compares {@code current} with its predecessor.
     *
     * @return the alert, or {@code null} when the change is within the threshold
     */
    public JumpAlert check(double previousValue, long previousEventTimeMs, Reading current) {
        double delta = Math.abs(current.value() - previousValue);
        if (delta > threshold) {
            return new JumpAlert(current.sensorId(), current.value(), previousValue, delta, threshold,
                    current.eventTimeMs(), previousEventTimeMs);
        }
        return null;
    }
}
