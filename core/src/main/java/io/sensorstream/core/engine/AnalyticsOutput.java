package io.sensorstream.core.engine;

import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.reading.Reading;

/** Where the analytics publish: the Kafka Streams processor forwards to topics, replay writes files. */
public interface AnalyticsOutput {

    void window(WindowResult result);

    void alert(JumpAlert alert);

    void late(Reading reading, LateReading why);

    /** {@code count} silent sensors had their state dropped (the sensor TTL). */
    default void sensorsExpired(int count) {
    }
}
