package io.sensorstream.core.engine;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.DetectorScore;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.reading.Reading;

/**
 * Where the analytics publish: the Kafka Streams processor forwards to topics, replay writes files. Every method
 * does nothing by default, so an output implements only what it consumes.
 */
public interface AnalyticsOutput {

    default void window(WindowResult result) {
    }

    /** The seed-compatible jump alert (one per jump). */
    default void alert(JumpAlert alert) {
    }

    /** A FIRING or RESOLVED event of the detector suite's alert lifecycle. */
    default void alertEvent(AlertEvent event) {
    }

    /** Whether {@link #score} should receive every detector's judgement of every reading (off by default: one record each). */
    default boolean wantsScores() {
        return false;
    }

    /** A detector's score of one reading, in event-time order per sensor; only when {@link #wantsScores()}. */
    default void score(DetectorScore score) {
    }

    /** A reading no window took any more; it must not be dropped silently. */
    default void late(Reading reading, LateReading why) {
    }

    /** A reading dropped as a duplicate of a pending one (same sensor id and event time; de-duplication on): count it. */
    default void duplicate(Reading reading) {
    }

    /** {@code count} silent sensors had their state dropped (the sensor TTL). */
    default void sensorsExpired(int count) {
    }
}
