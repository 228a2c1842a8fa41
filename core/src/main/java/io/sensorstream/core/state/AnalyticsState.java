package io.sensorstream.core.state;

import io.sensorstream.core.detect.SensorDetectors;

/**
 * The state one partition's analytics keep, in three stored tables: one {@link SensorRecord} per sensor, the pending
 * buckets, and the partition's progress. The engine sees the sensor records through four per-sensor tables (windows,
 * sessions, last readings, detectors; {@link SensorTables}), so a sensor changed by any of them is one stored value.
 * Kafka Streams backs the three tables with changelogged stores; replay and tests use {@link #inMemory()}.
 */
public final class AnalyticsState {

    public static final String MAX_EVENT_TIME = "max-event-time";

    private final StateTable<String, SensorRecord> sensors;
    private final StateTable<Long, PendingBucket> pending;
    private final StateTable<String, Long> progress;
    private final SensorTables views;

    /**
     * @param sensors  each sensor's windows, sessions, last reading and detector states
     * @param pending  readings waiting for the watermark before the detector sees them, by time bucket start
     * @param progress the partition's maximum event time, under the key {@link #MAX_EVENT_TIME}
     */
    public AnalyticsState(StateTable<String, SensorRecord> sensors, StateTable<Long, PendingBucket> pending,
                          StateTable<String, Long> progress) {
        this.sensors = sensors;
        this.pending = pending;
        this.progress = progress;
        this.views = new SensorTables(sensors);
    }

    public static AnalyticsState inMemory() {
        return new AnalyticsState(new MemoryTable<>(), new MemoryTable<>(), new MemoryTable<>());
    }

    /** The stored per-sensor records. */
    public StateTable<String, SensorRecord> sensors() {
        return sensors;
    }

    /** Readings waiting for the watermark, by time bucket start. */
    public StateTable<Long, PendingBucket> pending() {
        return pending;
    }

    public StateTable<String, Long> progress() {
        return progress;
    }

    /** Fixed windows (tumbling, hopping) still open or within their allowed lateness. */
    public StateTable<Keys.WindowKey, WindowState> windows() {
        return views.windows();
    }

    /** Each sensor's open or recently closed sessions, per session definition. */
    public StateTable<Keys.SessionKey, SessionList> sessions() {
        return views.sessions();
    }

    /** Each sensor's last reading released to the detector. */
    public StateTable<String, LastReading> lastReadings() {
        return views.lastReadings();
    }

    /**
     * One id instance per sensor for what is kept long (readings waiting for the watermark), instead of the copy each
     * parsed reading brings; {@code sensor} itself for a sensor without state.
     */
    public String canonicalSensorId(String sensor) {
        return views.canonicalId(sensor);
    }

    /** Each sensor's detector and alert states. */
    public StateTable<String, SensorDetectors> detectors() {
        return views.detectors();
    }
}
