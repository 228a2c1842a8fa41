package io.sensorstream.core.detect;

/**
 * One detector's judgement of one reading, published per reading when a scores topic is configured: the raw score in
 * the detector's own unit and, for detectors that have one, the graded score in [0, 1] ({@link Detector#grade}), so
 * a user can see how close a sensor's readings come to its threshold and choose a threshold per sensor pattern.
 *
 * @param metric      the metric judged, or {@link DetectionPlan#WHOLE_SENSOR} for detectors of the whole reading
 * @param value       the metric's value; NaN for whole-sensor detectors
 * @param score       the detector's score in its own unit; NaN while warming up
 * @param grade       the graded score in [0, 1]; NaN for detectors scored only in their own unit
 * @param anomalous   whether the value broke the detector's rule (the alert lifecycle counts these)
 * @param warmingUp   whether the detector has not seen enough values to judge yet
 */
public record DetectorScore(String sensorId, String metric, String detector, long eventTimeMs, double value, double score,
                            double grade, boolean anomalous, boolean warmingUp) {
}
