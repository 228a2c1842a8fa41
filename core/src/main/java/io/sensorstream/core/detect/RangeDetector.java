package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Static limits: anomalous when {@code value < min} or {@code value > max}. Example: [0, 80] °C, 85.2 → score 5.2
 * (distance outside the band). No warm-up, no state.
 */
public record RangeDetector(double min, double max) implements Detector<Void> {

    public RangeDetector {
        if (!(min <= max)) throw new IllegalArgumentException("range min " + min + " must be <= max " + max);
    }

    @Override
    public String name() {
        return "range";
    }

    @Override
    public Void newState() {
        return null;
    }

    @Override
    public Assessment assess(Void state, double value, long eventTimeMs) {
        double outside = value < min ? min - value : value > max ? value - max : 0;
        return Assessment.of(outside > 0, outside, Double.NaN, min, max);
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public void writeState(Void state, DataOutput out) {
    }

    @Override
    public Void readState(DataInput in) {
        return null;
    }
}
