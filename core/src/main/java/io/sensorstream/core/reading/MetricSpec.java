package io.sensorstream.core.reading;

import java.util.Objects;

/**
 * One measured quantity of a reading: where it is in the JSON record and which values are plausible.
 *
 * @param name     the metric's name in results ({@code avg_<name>}, ...); usually the field name
 * @param field    the JSON field holding the value
 * @param minValue smallest accepted value, inclusive
 * @param maxValue largest accepted value, inclusive
 * @param required whether a record without this field is invalid (dead-letter) or just lacks the metric
 */
public record MetricSpec(String name, String field, double minValue, double maxValue, boolean required) {

    public MetricSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(field, "field");
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("metric name '" + name + "' may only use letters, digits and '_'");
        }
        if (!(minValue <= maxValue)) {
            throw new IllegalArgumentException("metric '" + name + "': min " + minValue + " must be <= max " + maxValue);
        }
    }

    /** A required metric whose name is its field. */
    public static MetricSpec of(String field, double minValue, double maxValue) {
        return new MetricSpec(field, field, minValue, maxValue, true);
    }
}
