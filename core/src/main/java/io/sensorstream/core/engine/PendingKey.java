package io.sensorstream.core.engine;

/** A pending reading's place in the release order: event time, then a sequence number unique per partition (the Kafka offset). */
record PendingKey(long eventTimeMs, long sequence) implements Comparable<PendingKey> {
    @Override
    public int compareTo(PendingKey o) {
        int c = Long.compare(eventTimeMs, o.eventTimeMs);
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
}
