package io.sensorstream.core.detect;

/** Where an alert is in its life. */
public enum AlertState {
    /** The condition started. */
    FIRING,
    /** The condition ended (after the hysteresis). */
    RESOLVED
}
