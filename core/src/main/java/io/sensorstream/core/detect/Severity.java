package io.sensorstream.core.detect;

import java.util.Locale;

/**
 * How urgent an alert is. {@link #CRITICAL}: the sensor is broken, silent or outside its physical or configured
 * limits (range, flatline, silent); {@link #WARNING}: a value is statistically unusual (jump, rate, z-scores, MAD, RCF).
 */
public enum Severity {
    WARNING,
    CRITICAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
