package io.sensorstream.core.reading;

import java.util.Objects;

/**
 * Where a reading's parts live in the JSON record and which values are plausible. The defaults are the seed's
 * message, {@code {"sensor_id": "sensor_1", "temperature": 21.37, "timestamp": 1700000000000}}, with the
 * temperature bounded by absolute zero below and 1000 °C above.
 *
 * @param sensorIdField  JSON field holding the sensor id (string or integer)
 * @param valueField     JSON field holding the measured value (number)
 * @param timestampField JSON field holding the event time in epoch milliseconds (integer)
 * @param minValue       smallest accepted value (inclusive)
 * @param maxValue       largest accepted value (inclusive)
 */
public record ReadingFormat(String sensorIdField, String valueField, String timestampField,
                            double minValue, double maxValue) {

    /** Longest accepted sensor id, in characters: long enough for any real id, short enough for state keys. */
    public static final int MAX_SENSOR_ID_LENGTH = 256;

    public ReadingFormat {
        Objects.requireNonNull(sensorIdField, "sensorIdField");
        Objects.requireNonNull(valueField, "valueField");
        Objects.requireNonNull(timestampField, "timestampField");
        if (!(minValue <= maxValue)) {
            throw new IllegalArgumentException("minValue " + minValue + " must be <= maxValue " + maxValue);
        }
    }

    /** The seed's message format. */
    public static ReadingFormat seedDefault() {
        return new ReadingFormat("sensor_id", "temperature", "timestamp", -273.15, 1000.0);
    }
}
