package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The seed's anomaly rule: a reading is anomalous when it differs from the same sensor's previous reading of the
 * same metric (in event-time order) by more than a threshold: {@code |current - previous| > threshold}.
 *
 * <p>Example: threshold 5.0, previous 20.1, current 35.3 → {@code |35.3 - 20.1| = 15.2 > 5.0}, one alert. The first
 * reading of a sensor has no predecessor and never alerts. The detector is stateless; the caller keeps each
 * sensor's previous reading (in a fault-tolerant store).
 */
public final class JumpDetector implements Detector<JumpDetector.State> {

    /** The previous value. */
    public static final class State {
        double previous = Double.NaN;
    }

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

    @Override
    public String name() {
        return "jump";
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public Assessment assess(State s, double value, long eventTimeMs) {
        double previous = s.previous;
        s.previous = value;
        if (Double.isNaN(previous)) {
            return Assessment.WARMING_UP;
        }
        double delta = Math.abs(value - previous);
        return Assessment.of(delta > threshold, delta, previous, previous - threshold, previous + threshold);
    }

    @Override
    public void writeState(State s, DataOutput out) throws IOException {
        out.writeDouble(s.previous);
    }

    @Override
    public State readState(DataInput in) throws IOException {
        State s = new State();
        s.previous = in.readDouble();
        return s;
    }

    /** Whether the change from {@code previous} to {@code current} exceeds the threshold. */
    public boolean isJump(double previous, double current) {
        return Math.abs(current - previous) > threshold;
    }

    /** The alert for a change, or {@code null} when within the threshold. */
    public JumpAlert check(String sensorId, String metric, double previous, long previousTime, double current, long time) {
        double delta = Math.abs(current - previous);
        return delta > threshold ? new JumpAlert(sensorId, metric, current, previous, delta, threshold, time, previousTime) : null;
    }
}
