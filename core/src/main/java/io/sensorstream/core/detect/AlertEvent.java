package io.sensorstream.core.detect;

/**
 * A change in an alert's life: it started firing, or it resolved. Both events of one alert share its {@code alertId}
 * ({@code sensor/metric/detector/firstEventTime}), so consumers can pair them.
 *
 * @param alertId       stable id of the alert
 * @param state         FIRING or RESOLVED
 * @param sensorId      the sensor
 * @param metric        the metric
 * @param detector      the detector's name
 * @param severity      how urgent
 * @param value         the reading that changed the state
 * @param score         the detector's score for it (peak score for RESOLVED)
 * @param expected      what the detector expected
 * @param lower         lower end of the normal band
 * @param upper         upper end of the normal band
 * @param eventTimeMs   event time of the reading that changed the state
 * @param firingSinceMs event time at which the alert started firing
 */
public record AlertEvent(String alertId, AlertState state, String sensorId, String metric, String detector, Severity severity, double value,
                         double score, double expected, double lower, double upper, long eventTimeMs, long firingSinceMs) {
}
