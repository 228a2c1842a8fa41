package io.sensorstream.streams.processor;

/** Names of the analytics' state stores; each is backed by a changelog topic {@code <application.id>-<name>-changelog}. */
public final class StoreNames {
    /** Open windows: key {@code time(end) + sensorId}, value encoded {@code RunningStats}. */
    public static final String WINDOWS = "windows";
    /** Readings waiting for the watermark before the detector sees them: key {@code time(eventTime) + offset}. */
    public static final String PENDING = "pending-readings";
    /** Each sensor's last reading released to the detector: key {@code sensorId}, value {@code (eventTime, value)}. */
    public static final String LAST_READING = "last-reading";
    /** Per-partition progress: the maximum event time seen, from which the watermark is restored. */
    public static final String PROGRESS = "progress";

    private StoreNames() {
    }
}
