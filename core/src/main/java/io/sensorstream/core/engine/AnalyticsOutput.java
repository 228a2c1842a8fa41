package io.sensorstream.core.engine;

import io.sensorstream.core.detect.AlertEvent;

import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.reading.Reading;

/** Where the analytics publish: the Kafka Streams processor forwards to topics, replay writes files. */
public interface AnalyticsOutput {

    void window(WindowResult result);

    /** The seed-compatible jump alert (one per jump). */
    void alert(JumpAlert alert);

    /** A FIRING or RESOLVED event of the detector suite's alert lifecycle. */
    void alertEvent(AlertEvent event);

    void late(Reading reading, LateReading why);

    /** {@code count} silent sensors had their state dropped (the sensor TTL). */
    default void sensorsExpired(int count) {
    }
}
