package io.sensorstream.core.reading;

import java.util.Objects;

/**
 * One validated measurement of one sensor: the unit every window, watermark and detector works on.
 *
 * <p>Only values that passed {@link ReadingParser} validation are ever wrapped in a {@code Reading}, so
 * downstream code never re-checks: {@code sensorId} is non-empty, {@code eventTimeMs} is epoch milliseconds
 * within the accepted range and {@code value} is finite and inside the configured bounds.
 *
 * @param sensorId    the sensor that produced the reading (the Kafka record key in a well-formed stream)
 * @param eventTimeMs when the sensor measured it, epoch milliseconds (event time, not arrival time)
 * @param value       the measured value of the configured metric (the seed's {@code temperature})
 */
public record Reading(String sensorId, long eventTimeMs, double value) {
    public Reading {
        Objects.requireNonNull(sensorId, "sensorId");
    }
}
