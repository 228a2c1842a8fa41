package io.sensorstream.streams.processor;

import java.util.List;

/** Names of the analytics' state stores; each is backed by a changelog topic {@code <application.id>-<name>-changelog}. */
public final class StoreNames {
    /** One record per sensor: its windows, sessions, last reading released to the detector, and detector states. */
    public static final String SENSORS = "sensors";
    /** Readings waiting for the watermark before the detector sees them, in time buckets. */
    public static final String PENDING = "pending-buckets";
    /** Per-partition progress: the maximum event time seen, from which the watermark is restored. */
    public static final String PROGRESS = "progress";
    /**
     * Stores of builds before the per-sensor record (one store per table). Their state cannot be read by this build;
     * the processor refuses to start on an application id that still has their changelogs.
     */
    public static final List<String> RETIRED = List.of("windows", "sessions", "last-reading", "detectors", "pending-readings");

    private StoreNames() {
    }
}
