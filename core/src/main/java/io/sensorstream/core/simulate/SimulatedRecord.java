package io.sensorstream.core.simulate;

import io.sensorstream.core.reading.Reading;

/**
 * One record produced by the simulator, with what it is meant to be so tests can compute ground truth.
 *
 * @param key     the record key (the sensor id, as the seed does)
 * @param value   the record value bytes (JSON, or garbage for malformed records)
 * @param kind    what kind of record this is
 * @param reading the reading encoded in {@code value}; {@code null} when malformed
 */
public record SimulatedRecord(String key, byte[] value, Kind kind, Reading reading) {

    /** What the simulator intended. */
    public enum Kind {
        /** A valid reading, at most {@code disorderMs} out of order. */
        ON_TIME,
        /** A valid reading sent {@code lateByMs} behind its tick. */
        LATE,
        /** Not a valid reading. */
        MALFORMED
    }
}
