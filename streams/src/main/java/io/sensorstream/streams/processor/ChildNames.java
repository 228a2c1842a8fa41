package io.sensorstream.streams.processor;

/** Names of the topology's sink nodes, the processor's children. */
public final class ChildNames {
    public static final String AGGREGATED = "aggregated-sink";
    public static final String ALERTS = "alerts-sink";
    public static final String DEAD_LETTER = "dead-letter-sink";
    public static final String LATE = "late-sink";
    public static final String ALERT_EVENTS = "alert-events-sink";
    /** Detector scores; only when a scores topic is configured. */
    public static final String SCORES = "scores-sink";
    /** The re-keying step's sink, when the input is repartitioned by sensor id. */
    public static final String READINGS_BY_SENSOR = "readings-by-sensor-sink";

    private ChildNames() {
    }
}
