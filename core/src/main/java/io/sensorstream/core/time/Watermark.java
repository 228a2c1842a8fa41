package io.sensorstream.core.time;

/**
 * Event-time progress of one input partition under bounded out-of-orderness.
 *
 * <p>Contract: {@code W = maxEventTime - delay}, where {@code maxEventTime} is the largest event time observed so far.
 * The promise behind it: an on-time reading arriving from now on has event time {@code >= W}. Hence a window
 * {@code [s, e)} is complete, and its result final, once {@code W >= e}; a reading whose window is already
 * complete on arrival is <em>late</em>. Before any reading, {@code W} is {@link Long#MIN_VALUE}.
 *
 * <p>Example: delay 5 s. After readings at 10:00:58 and 10:01:04 (in any order), {@code W = 10:00:59}; the window
 * {@code [10:00, 10:01)} is still open. A reading at 10:01:05 lifts {@code W} to 10:01:00 and closes it; a reading
 * at 10:00:59.5 arriving after that is late.
 *
 * <p>Mutable and not thread-safe: one instance per partition, owned by one stream task.
 */
public final class Watermark {

    private final long delayMs;
    private long maxEventTimeMs = Long.MIN_VALUE;

    public Watermark(long delayMs) {
        if (delayMs < 0) {
            throw new IllegalArgumentException("watermark delay must be >= 0, got " + delayMs + " ms");
        }
        this.delayMs = delayMs;
    }

    /** Restores progress saved earlier (see {@link #maxEventTimeMs()}). */
    public void restore(long maxEventTimeMs) {
        this.maxEventTimeMs = maxEventTimeMs;
    }

    /**
     * Takes one observed event time into account.
     *
     * @return true if the watermark moved forward
     */
    public boolean observe(long eventTimeMs) {
        if (eventTimeMs > maxEventTimeMs) {
            maxEventTimeMs = eventTimeMs;
            return true;
        }
        return false;
    }

    /** The current watermark {@code W}, or {@link Long#MIN_VALUE} before the first reading. */
    public long current() {
        return maxEventTimeMs == Long.MIN_VALUE ? Long.MIN_VALUE : maxEventTimeMs - delayMs;
    }

    /** The largest event time observed, or {@link Long#MIN_VALUE} before the first reading. */
    public long maxEventTimeMs() {
        return maxEventTimeMs;
    }
}
