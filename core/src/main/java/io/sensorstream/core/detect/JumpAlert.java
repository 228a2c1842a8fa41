package io.sensorstream.core.detect;

/**
 * A jump between two consecutive readings of one sensor's metric that exceeded the threshold.
 *
 * @param sensorId            the sensor
 * @param metric              the metric's name
 * @param currentValue        the reading that jumped
 * @param previousValue       its predecessor in event time
 * @param delta               {@code |currentValue - previousValue|}
 * @param threshold           the threshold it exceeded
 * @param eventTimeMs         event time of the current reading
 * @param previousEventTimeMs event time of the predecessor
 */
public record JumpAlert(String sensorId, String metric, double currentValue, double previousValue, double delta,
                        double threshold, long eventTimeMs, long previousEventTimeMs) {
}
