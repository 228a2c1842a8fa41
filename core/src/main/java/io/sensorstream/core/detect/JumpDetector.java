package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The seed's anomaly rule: a reading is anomalous when it differs from the same sensor's previous reading of the
 * same metric (in event-time order) by more than a threshold: {@code |current - previous| > threshold}.
 *
 * <p>Example: threshold 5.0, previous 20.1, current 35.3 → {@code |35.3 - 20.1| = 15.2 > 5.0}, one alert. The first
 * reading of a sensor has no predecessor and never alerts. In the suite the detector keeps the previous value in its
 * state; for the seed's alert topic the engine keeps each sensor's last reading and calls {@link #compare}.
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
        return compare(previous, value);
    }

    /**
     * The rule, for both the suite ({@link #assess}) and the seed's alert topic: how {@code value} compares with
     * {@code previous} (NaN: no predecessor, warming up). The score is {@code |value − previous|}.
     */
    public Assessment compare(double previous, double value) {
        if (Double.isNaN(previous)) {
            return Assessment.WARMING_UP;
        }
        double delta = Math.abs(value - previous);
        return Assessment.of(delta > threshold, delta, previous, previous - threshold, previous + threshold);
    }

    /** Whether {@link #compare} would find {@code value} anomalous, without making its verdict: {@code |value − previous| > threshold}. */
    public boolean exceeds(double previous, double value) {
        return Math.abs(value - previous) > threshold; // false when previous is NaN (no predecessor)
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
}
