package io.sensorstream.core.state;

import io.sensorstream.core.detect.SensorDetectors;

/**
 * The tables one partition's analytics keep. Kafka Streams backs each with a changelogged store; replay and tests
 * use {@link #inMemory()}.
 *
 * @param windows      fixed windows (tumbling, hopping) still open or within their allowed lateness
 * @param sessions     each sensor's open or recently closed sessions, per session definition
 * @param pending      readings waiting for the watermark before the detector sees them, by time bucket start
 * @param lastReadings each sensor's last reading released to the detector
 * @param progress     the partition's maximum event time, under the key {@link #MAX_EVENT_TIME}
 * @param detectors    each sensor's detector and alert states
 */
public record AnalyticsState(StateTable<Keys.WindowKey, WindowState> windows,
                             StateTable<Keys.SessionKey, SessionList> sessions,
                             StateTable<Long, PendingBucket> pending,
                             StateTable<String, LastReading> lastReadings,
                             StateTable<String, Long> progress,
                             StateTable<String, SensorDetectors> detectors) {

    public static final String MAX_EVENT_TIME = "max-event-time";

    public static AnalyticsState inMemory() {
        return new AnalyticsState(new MemoryTable<>(), new MemoryTable<>(), new MemoryTable<>(), new MemoryTable<>(),
                new MemoryTable<>(), new MemoryTable<>());
    }
}
