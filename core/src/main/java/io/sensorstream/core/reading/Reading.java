package io.sensorstream.core.reading;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One validated measurement of one sensor: the unit every window, watermark and detector works on.
 *
 * <p>Only records that passed {@link ReadingParser} validation become a {@code Reading}, so downstream code never
 * re-checks: {@code sensorId} is non-empty, {@code eventTimeMs} is epoch milliseconds within the accepted range, and
 * each value is finite and inside its metric's bounds, or NaN for an optional metric the record did not carry.
 *
 * @param sensorId    the sensor that produced the reading (the Kafka record key in a well-formed stream)
 * @param eventTimeMs when the sensor measured it, epoch milliseconds (event time, not arrival time)
 * @param values      one value per configured metric, in {@link ReadingFormat#metrics()} order; not copied
 * @param tags        descriptive fields carried through to the results (empty when none are configured)
 */
public record Reading(String sensorId, long eventTimeMs, double[] values, Map<String, String> tags) {

    public Reading {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(tags, "tags");
    }

    /** A single-metric reading without tags (the seed's shape). */
    public static Reading of(String sensorId, long eventTimeMs, double value) {
        return new Reading(sensorId, eventTimeMs, new double[] {value}, Map.of());
    }

    /** The first metric's value: the seed's temperature with the default format. */
    public double value() {
        return values[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reading r && r.eventTimeMs == eventTimeMs && r.sensorId.equals(sensorId)
                && Arrays.equals(r.values, values) && r.tags.equals(tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sensorId, eventTimeMs, Arrays.hashCode(values), tags);
    }

    @Override
    public String toString() {
        return "Reading[" + sensorId + ", " + eventTimeMs + ", " + Arrays.toString(values) + (tags.isEmpty() ? "" : ", " + tags) + "]";
    }
}
