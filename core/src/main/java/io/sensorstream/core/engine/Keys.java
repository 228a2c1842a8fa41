package io.sensorstream.core.engine;

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

    /** A pending reading: event time, then a sequence number unique per partition (the Kafka offset). */
    public record PendingKey(long eventTimeMs, long sequence) implements Comparable<PendingKey> {
        @Override
        public int compareTo(PendingKey o) {
            int c = Long.compare(eventTimeMs, o.eventTimeMs);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }
}
