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
 */
public final class PendingBucket {

    private final long startMs;
    private final long sizeMs;
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
