package io.sensorstream.connectors.sink;

import io.sensorstream.core.format.OutputRecord;

/**
 * One output record handed to a sink: decoded, with its published bytes and where it came from. The coordinates let a
 * sink that cannot upsert (files) name what it writes after them, so a replayed batch rewrites the same names.
 *
 * @param value the record's JSON as published
 */
public record SinkRecord(OutputRecord output, byte[] value, String topic, int partition, long offset, long timestamp) {

    /** A record without Kafka coordinates (tests, benchmarks). */
    public static SinkRecord of(OutputRecord output) {
        return new SinkRecord(output, new byte[0], "", 0, -1, 0);
    }
}
