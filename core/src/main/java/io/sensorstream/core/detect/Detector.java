package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A streaming anomaly detector for one metric of one sensor. Values arrive in event-time order; the detector keeps
 * what it needs in a state object of its own making (one per sensor and metric, stored by the caller), so one
 * detector instance serves every sensor. {@link #assess} judges the value against the history <em>before</em> it,
 * then adds it to the history.
 *
 * @param <S> the detector's per-sensor state
 */
public interface Detector<S> {

    /** Short name used in alerts and metrics ({@code zscore}, {@code mad}, ...). */
    String name();

    S newState();

    Assessment assess(S state, double value, long eventTimeMs);

    /** Writes a state so that {@link #readState} gives one that behaves identically (fault-tolerant stores). */
    void writeState(S state, DataOutput out) throws IOException;

    S readState(DataInput in) throws IOException;

    /** Whether this detector judges all of a sensor's metrics together: one state per sensor, alerts on metric "*". */
    default boolean wholeSensor() {
        return false;
    }

    /** For {@link #wholeSensor()} detectors: judges one reading's metric values (NaN where a metric is missing). */
    default Assessment assessAll(S state, double[] values, long eventTimeMs) {
        throw new UnsupportedOperationException(name() + " judges one metric at a time");
    }

    /**
     * The assessment {@code a} that {@link #assess} just gave with {@code state} as a graded anomaly score in [0, 1]
     * (higher: more anomalous), for detectors whose score has that scale, so a threshold can be chosen afterwards (NAB's
     * threshold optimisation); NaN for detectors that only judge yes or no in their own unit. Warming up grades 0. The
     * state is there for detectors whose grade peaks once per surprise while the alert follows the rule.
     */
    default double grade(S state, Assessment a) {
        return Double.NaN;
    }

    /** Whether an alert of this detector means the sensor itself is broken or out of its limits, not just unusual. */
    default Severity severity() {
        return Severity.WARNING;
    }
}
