package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A stuck sensor: anomalous once {@code minReadings} consecutive values stayed within {@code epsilon} of the first of
 * them. Example: epsilon 0.001, 30 readings of exactly 21.50 → the 30th is anomalous (score = readings in the run),
 * until a value moves more than epsilon away.
 */
public final class FlatlineDetector implements Detector<FlatlineDetector.State> {

    /** The current run of unchanged values. */
    public static final class State {
        double anchor = Double.NaN;
        int run;
    }

    private final double epsilon;
    private final int minReadings;

    public FlatlineDetector(double epsilon, int minReadings) {
        if (!(epsilon >= 0)) throw new IllegalArgumentException("flatline epsilon must be >= 0, got " + epsilon);
        if (minReadings < 2) throw new IllegalArgumentException("flatline needs at least 2 readings, got " + minReadings);
        this.epsilon = epsilon;
        this.minReadings = minReadings;
    }

    @Override
    public String name() {
        return "flatline";
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public Assessment assess(State s, double x, long t) {
        if (Double.isNaN(s.anchor) || Math.abs(x - s.anchor) > epsilon) {
            s.anchor = x;
            s.run = 1;
        } else {
            s.run++;
        }
        return Assessment.of(s.run >= minReadings, s.run, s.anchor, s.anchor - epsilon, s.anchor + epsilon);
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public void writeState(State s, DataOutput out) throws IOException {
        out.writeDouble(s.anchor);
        out.writeInt(s.run);
    }

    @Override
    public State readState(DataInput in) throws IOException {
        State s = new State();
        s.anchor = in.readDouble();
        s.run = in.readInt();
        return s;
    }
}
