package io.sensorstream.core.reading;

import java.util.List;
import java.util.Objects;

/**
 * Where a reading's parts live in the JSON record and which values are valid. The default is the seed's message,
 * {@code {"sensor_id": "sensor_1", "temperature": 21.37, "timestamp": 1700000000000}}, with the temperature bounded
 * by absolute zero below and 1000 °C above.
 *
 * @param sensorIdField   JSON field holding the sensor id (string or integer)
 * @param timestampField  JSON field holding the event time
 * @param timestampFormat how the event time is written
 * @param metrics         the measured values, at least one
 * @param tagFields       JSON fields copied as tags into results (strings, numbers or booleans)
 * @param maxFutureMs     readings whose event time is more than this ahead of the reference time (the record's
 *                        Kafka timestamp) are invalid; 0 disables the check
 */
public record ReadingFormat(String sensorIdField, String timestampField, TimestampFormat timestampFormat,
                            List<MetricSpec> metrics, List<String> tagFields, long maxFutureMs) {

    /** Longest accepted sensor id, in characters: long enough for any real id, short enough for state keys. */
    public static final int MAX_SENSOR_ID_LENGTH = 256;

    public ReadingFormat {
        Objects.requireNonNull(sensorIdField, "sensorIdField");
        Objects.requireNonNull(timestampField, "timestampField");
        Objects.requireNonNull(timestampFormat, "timestampFormat");
        metrics = List.copyOf(metrics);
        tagFields = List.copyOf(tagFields);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("at least one metric is needed");
        }
        if (metrics.stream().map(MetricSpec::name).distinct().count() != metrics.size()) {
            throw new IllegalArgumentException("metric names must be unique: " + metrics);
        }
        if (maxFutureMs < 0) {
            throw new IllegalArgumentException("max future must be >= 0, got " + maxFutureMs);
        }
    }

    /** The seed's message format, with readings more than a day ahead of their record's time refused. */
    public static ReadingFormat seedDefault() {
        return new ReadingFormat("sensor_id", "timestamp", TimestampFormat.EPOCH_MILLIS,
                List.of(MetricSpec.of("temperature", -273.15, 1000.0)), List.of(), 86_400_000L);
    }

    /** One required metric, epoch-millisecond timestamps, no tags, no future check. */
    public static ReadingFormat single(String sensorIdField, String valueField, String timestampField,
                                       double minValue, double maxValue) {
        return new ReadingFormat(sensorIdField, timestampField, TimestampFormat.EPOCH_MILLIS,
                List.of(MetricSpec.of(valueField, minValue, maxValue)), List.of(), 0);
    }

    /** Names of the metrics, in order. */
    public List<String> metricNames() {
        return metrics.stream().map(MetricSpec::name).toList();
    }
}
