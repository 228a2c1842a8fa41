package io.sensorstream.core.state;

import io.sensorstream.core.reading.Reading;
import java.util.ArrayList;
import java.util.List;

/**
 * The readings of one partition that wait for the watermark and whose event time falls into one time bucket
 * {@code [startMs, startMs + sizeMs)}. One state record per bucket instead of one per reading: a commit writes each
 * bucket that changed once, and a bucket is deleted whole once the watermark passes its end, so the changelog
 * carries a few records per commit rather than a write and a delete per reading.
 *
 * <p>A bucket may still hold readings the watermark has already passed (released to the detector, but the bucket is
 * not yet over): after a restore the engine keeps only those at or after the watermark, which are exactly the ones
 * not yet released. The codec appends new readings to the encoding it made last time instead of re-encoding them.
 */
public final class PendingBucket {

    /** A waiting reading and its sequence number (orders equal event times). */
    public record Entry(long sequence, Reading reading) {
    }

    private final long startMs;
    private final long sizeMs;
    private final List<Entry> entries = new ArrayList<>();
    /** Encoding of the first {@link #encodedCount} entries, kept by {@link PendingBucketCodec}. */
    byte[] encoded;
    int encodedCount;
    int encodedLength;

    public PendingBucket(long startMs, long sizeMs) {
        if (sizeMs <= 0) throw new IllegalArgumentException("bucket size must be > 0");
        this.startMs = startMs;
        this.sizeMs = sizeMs;
    }

    public long startMs() {
        return startMs;
    }

    public long sizeMs() {
        return sizeMs;
    }

    /** End of the bucket, exclusive: once the watermark reaches it, every reading in it was released. */
    public long endMs() {
        return startMs + sizeMs;
    }

    public Entry add(long sequence, Reading r) {
        return add(new Entry(sequence, r));
    }

    public Entry add(Entry e) {
        entries.add(e);
        return e;
    }

    public List<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }
}
