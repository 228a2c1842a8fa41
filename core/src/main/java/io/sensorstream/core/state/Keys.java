package io.sensorstream.core.state;

/** Keys of the analytics' state tables. */
public final class Keys {

    private Keys() {
    }

    /** A fixed window of one sensor: definition index (in the spec's window list) and start. */
    public record WindowKey(int definition, String sensorId, long startMs) {
        // written out: a record's generated equals goes through a method-handle guard that showed in profiles
        @Override
        public boolean equals(Object o) {
            return o instanceof WindowKey k && startMs == k.startMs && definition == k.definition && sensorId.equals(k.sensorId);
        }

        @Override
        public int hashCode() {
            return (31 * sensorId.hashCode() + Long.hashCode(startMs)) * 31 + definition;
        }
    }

    /** The sessions of one sensor under one session definition. */
    public record SessionKey(int definition, String sensorId) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SessionKey k && definition == k.definition && sensorId.equals(k.sensorId);
        }

        @Override
        public int hashCode() {
            return 31 * sensorId.hashCode() + definition;
        }
    }
}
