package io.sensorstream.core.state;

import java.util.Arrays;

/**
 * The readings of one partition that wait for the watermark and whose event time falls into one time bucket
 * {@code [startMs, startMs + sizeMs)}. One state record per bucket instead of one per reading: a commit writes each
 * bucket that changed once, and a bucket is deleted whole once the watermark passes its end, so the changelog
 * carries a few records per commit rather than a write and a delete per reading.
 *
 * <p>Kept flat, in parallel arrays (sensor id, event time, values): about 20 bytes a waiting reading instead of the
 * 100 or so of an entry object holding a {@code Reading} with its own value array — the pending buffer is most of the
 * heap of a partition with many sensors. Entries keep their arrival order, which is the order of the tie-break between
 * equal event times, so no sequence number is stored. Tags are not kept: detection does not use them.
 *
 * <p>Every entry has {@link #width()} values (a reading with fewer is padded with NaN, the value of a metric the
 * reading did not carry); the width only grows, e.g. when a restored bucket meets a configuration with more metrics.
 * The codec appends new entries to the encoding it made last time instead of re-encoding them.
 *
 * <p><b>Segments.</b> A bucket's record must stay well below Kafka's 1 MB message limit, whatever the rate: a partition
 * of 250 000 sensors sending one reading a second puts 300 000 readings into a 1.25 s bucket (1.3 MB encoded; it
 * stopped the stream thread with {@code RecordTooLargeException}). So a bucket is stored in segments of at most
 * {@value #MAX_ENCODED_BYTES} encoded bytes (counted at their bound), segment {@code k} under the key
 * {@code startMs + k} ({@link #key()}): bucket starts are multiples of the bucket size (≥ 100 ms), so up to
 * {@code sizeMs − 1} segments never meet the next bucket's key. A full segment no longer changes, so a commit rewrites
 * only the last one.
 */
public final class PendingBucket {

    /** Encoded bytes a segment holds at most (counted at their bound: 3 bytes a char, 9 a value), plus one entry. */
    public static final int MAX_ENCODED_BYTES = 256 * 1024;

    private final long startMs;
    private final long sizeMs;
    private final int segment;
    /** A bound of the encoded size: 3 bytes an id's char, 10 for the id's length and the time, 9 a value. */
    private int estimatedBytes;
    private String[] sensors = new String[8];
    private long[] times = new long[8];
    private double[] values = new double[0]; // times.length × width
    private int width;
    private int size;
    /** Encoding of the first {@link #encodedCount} entries, kept by {@link PendingBucketCodec}; null after a widening. */
    byte[] encoded;
    int encodedCount;
    int encodedLength;

    public PendingBucket(long startMs, long sizeMs) {
        this(startMs, sizeMs, 0);
    }

    /** Segment {@code segment} of the bucket {@code [startMs, startMs + sizeMs)}. */
    public PendingBucket(long startMs, long sizeMs, int segment) {
        if (sizeMs <= 0) throw new IllegalArgumentException("bucket size must be > 0");
        if (segment < 0 || segment >= sizeMs) {
            throw new IllegalArgumentException("segment " + segment + " of a " + sizeMs + " ms bucket: keys would meet the next bucket's");
        }
        this.startMs = startMs;
        this.sizeMs = sizeMs;
        this.segment = segment;
    }

    /** The segment's state key: {@code startMs + segment}. */
    public long key() {
        return startMs + segment;
    }

    public int segment() {
        return segment;
    }

    /** Whether the segment is full: readings of its bucket go into the next segment. */
    public boolean full() {
        return estimatedBytes >= MAX_ENCODED_BYTES; // ≥ 13 bytes an entry: at most ~20 000 entries (the queue allows 2^20)
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

    /** Appends a waiting reading; returns its index (arrival order within the bucket). */
    public int add(String sensorId, long eventTimeMs, double[] readingValues) {
        if (readingValues.length > width) {
            widen(readingValues.length);
        }
        if (size == times.length) {
            int capacity = size + (size >> 1) + 1;
            sensors = Arrays.copyOf(sensors, capacity);
            times = Arrays.copyOf(times, capacity);
            values = Arrays.copyOf(values, capacity * width);
        }
        sensors[size] = sensorId;
        times[size] = eventTimeMs;
        estimatedBytes += 3 * sensorId.length() + 10 + 9 * width; // at most: UTF-8, two varints, 9 bytes a value
        int at = size * width;
        System.arraycopy(readingValues, 0, values, at, readingValues.length);
        Arrays.fill(values, at + readingValues.length, at + width, Double.NaN);
        return size++;
    }

    private void widen(int newWidth) {
        double[] wider = new double[times.length * newWidth];
        Arrays.fill(wider, Double.NaN);
        for (int i = 0; i < size; i++) {
            System.arraycopy(values, i * width, wider, i * newWidth, width);
        }
        values = wider;
        width = newWidth;
        encoded = null; // the stored entries change shape: encode them all again
    }

    public int size() {
        return size;
    }

    /** Values per entry. */
    public int width() {
        return width;
    }

    public String sensorId(int i) {
        return sensors[check(i)];
    }

    public long eventTimeMs(int i) {
        return times[check(i)];
    }

    /** Value {@code m} of entry {@code i}; NaN when the reading did not carry it. */
    public double value(int i, int m) {
        return values[check(i) * width + m];
    }

    /** A copy of entry {@code i}'s values. */
    public double[] values(int i) {
        int at = check(i) * width;
        return Arrays.copyOfRange(values, at, at + width);
    }

    private int check(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("entry " + i + " of " + size);
        return i;
    }
}
