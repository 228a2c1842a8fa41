package io.sensorstream.core.state;

/** Keys of the analytics' state tables. */
public final class Keys {

    private Keys() {
    }

    /** A fixed window of one sensor: definition index (in the spec's window list) and start. */
    public record WindowKey(int definition, String sensorId, long startMs) {
    }

    /** The sessions of one sensor under one session definition. */
    public record SessionKey(int definition, String sensorId) {
    }
}
