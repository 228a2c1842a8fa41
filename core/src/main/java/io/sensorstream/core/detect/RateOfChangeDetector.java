package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Change per second between consecutive readings: {@code |v − v_prev| / ((t − t_prev) / 1000) > maxPerSecond}. Unlike
 * the jump rule it is robust to uneven sampling: a 5-degree step over an hour is slow, over a second it is not.
 * Example: max 0.5/s, 20.0 at 10:00:00 then 23.0 at 10:00:02 → 1.5/s, anomalous. Readings at the same instant are
 * skipped (no rate). Warm-up: the first reading.
 */
public final class RateOfChangeDetector implements Detector<RateOfChangeDetector.State> {

    /** The previous reading. */
    public static final class State {
        long time = Long.MIN_VALUE;
        double value;
    }

    private final double maxPerSecond;

    public RateOfChangeDetector(double maxPerSecond) {
        if (!(maxPerSecond > 0)) throw new IllegalArgumentException("max rate must be > 0, got " + maxPerSecond);
        this.maxPerSecond = maxPerSecond;
    }

    @Override
    public String name() {
        return "rate";
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public Assessment assess(State s, double value, long t) {
        if (s.time == Long.MIN_VALUE) {
            s.time = t;
            s.value = value;
            return Assessment.WARMING_UP;
        }
        if (t <= s.time) {
            return Assessment.of(false, Double.NaN, s.value, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        double seconds = (t - s.time) / 1000.0;
        double rate = Math.abs(value - s.value) / seconds;
        double allowed = maxPerSecond * seconds;
        Assessment a = Assessment.of(rate > maxPerSecond, rate, s.value, s.value - allowed, s.value + allowed);
        s.time = t;
        s.value = value;
        return a;
    }

    @Override
    public void writeState(State s, DataOutput out) throws IOException {
        out.writeLong(s.time);
        out.writeDouble(s.value);
    }

    @Override
    public State readState(DataInput in) throws IOException {
        State s = new State();
        s.time = in.readLong();
        s.value = in.readDouble();
        return s;
    }
}
