package io.sensorstream.streams.processor;

/** Names of the analytics' state stores; each is backed by a changelog topic {@code <application.id>-<name>-changelog}. */
public final class StoreNames {
    /** Fixed windows still open or within their allowed lateness. */
    public static final String WINDOWS = "windows";
    /** Each sensor's sessions, per session definition. */
    public static final String SESSIONS = "sessions";
    /** Readings waiting for the watermark before the detector sees them, in time buckets. */
    public static final String PENDING = "pending-buckets";
    /** Each sensor's last reading released to the detector. */
    public static final String LAST_READING = "last-reading";
    /** Per-partition progress: the maximum event time seen, from which the watermark is restored. */
    public static final String PROGRESS = "progress";
    /** Each sensor's detector-suite and alert-lifecycle states. */
    public static final String DETECTORS = "detectors";

    private StoreNames() {
    }
}
