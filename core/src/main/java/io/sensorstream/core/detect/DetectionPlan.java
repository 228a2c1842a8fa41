package io.sensorstream.core.detect;

import java.util.List;

/**
 * Which detectors judge which sensors, and how their verdicts become alerts. A sensor gets the first set whose glob
 * matches its id (overrides first, the default set, {@code *}, last), once, when its state is created; the choice is
 * kept in its state with the plan's {@link #signature}, so a changed configuration starts its detectors afresh.
 *
 * <p>A sensor is <em>silent</em> when the watermark passes its last reading by {@code silentAfterMs}: a FIRING
 * {@code silent} alert with event time {@code last + silentAfter}, RESOLVED by its next reading. Event time, not the
 * wall clock, so results repeat in replay; when a whole partition goes quiet, {@code window.idle-timeout} moves its
 * watermark with the clock (a wall-clock punctuator), and silent alerts fire then.
 *
 * @param sets          detector sets, most specific first; the last should match every sensor
 * @param silentAfterMs 0 to disable silent-sensor alerts
 * @param lifecycle     hysteresis and cooldown of every alert
 * @param signature     identifies this configuration; stored per sensor
 */
public record DetectionPlan(List<DetectorSet> sets, long silentAfterMs, AlertLifecycle lifecycle, String signature) {

    /** No detectors, no silent alerts. */
    public static final DetectionPlan NONE = new DetectionPlan(List.of(), 0, new AlertLifecycle(1, 0), "none");

    /** Name of the silent-sensor detector in alerts. */
    public static final String SILENT = "silent";
    /** Metric name of alerts about a sensor as a whole. */
    public static final String WHOLE_SENSOR = "*";

    public DetectionPlan {
        sets = List.copyOf(sets);
        if (silentAfterMs < 0) throw new IllegalArgumentException("silent-after must be >= 0");
    }

    /** Whether the plan does anything. */
    public boolean active() {
        return silentAfterMs > 0 || sets.stream().anyMatch(s -> !s.detectors().isEmpty());
    }

    /** Index of the set for {@code sensorId}, or -1 when none matches (no detectors). */
    public int setFor(String sensorId) {
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).matches(sensorId)) return i;
        }
        return -1;
    }

    public List<Detector<?>> detectors(int set) {
        return set < 0 ? List.of() : sets.get(set).detectors();
    }

    /** A stable number for the signature, stored with each sensor's state. */
    public int fingerprint() {
        return signature.hashCode();
    }
}
