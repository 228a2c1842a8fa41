package io.sensorstream.core.window;

import java.time.Duration;

/**
 * An immutable description of fixed-size, epoch-aligned event-time windows: tumbling when {@code advance == size},
 * hopping ("5 minutes every 1 minute") when {@code advance < size}.
 *
 * <p>Semantics: the windows are {@code [N*advance, N*advance + size)} for every integer N, in epoch milliseconds.
 * A reading at event time {@code t} belongs to every window whose start {@code s} satisfies
 * {@code s <= t < s + size}; the latest such start is {@code floor(t / advance) * advance}.
 *
 * <p>Example: size 60 s, advance 60 s (the seed's default). A reading at {@code t = 125_000} belongs to exactly one
 * window, {@code [120_000, 180_000)}. With size 300 s and advance 60 s it belongs to five windows, whose starts
 * are {@code -120_000, -60_000, 0, 60_000, 120_000}.
 *
 * @param sizeMs    window length in milliseconds, positive
 * @param advanceMs distance between consecutive window starts, positive and at most {@code sizeMs}
 */
public record WindowSpec(long sizeMs, long advanceMs) {

    public WindowSpec {
        if (sizeMs <= 0) {
            throw new IllegalArgumentException("window size must be positive, got " + sizeMs + " ms");
        }
        if (advanceMs <= 0 || advanceMs > sizeMs) {
            throw new IllegalArgumentException("window advance must be in (0, size=" + sizeMs + "] ms, got " + advanceMs);
        }
    }

    /** Non-overlapping windows of the given size: {@code [N*size, (N+1)*size)}. */
    public static WindowSpec tumbling(Duration size) {
        return new WindowSpec(size.toMillis(), size.toMillis());
    }

    /** Overlapping windows of {@code size}, one starting every {@code advance}. */
    public static WindowSpec hopping(Duration size, Duration advance) {
        return new WindowSpec(size.toMillis(), advance.toMillis());
    }

    public boolean isTumbling() {
        return sizeMs == advanceMs;
    }

    /** The start of the latest window containing {@code eventTimeMs}: {@code floor(t / advance) * advance}. */
    public long lastStartFor(long eventTimeMs) {
        return Math.floorDiv(eventTimeMs, advanceMs) * advanceMs;
    }

    /** The start of the earliest window containing {@code eventTimeMs}. */
    public long firstStartFor(long eventTimeMs) {
        long last = lastStartFor(eventTimeMs);
        long windowsBack = (sizeMs - 1 - (eventTimeMs - last)) / advanceMs;
        return last - windowsBack * advanceMs;
    }

    /** How many windows contain any given instant when {@code size} is a multiple of {@code advance}; at most this many otherwise. */
    public int maxWindowsPerReading() {
        return (int) ((sizeMs + advanceMs - 1) / advanceMs);
    }

    /** The window that starts at {@code startMs}. */
    public Window windowAt(long startMs) {
        return new Window(startMs, startMs + sizeMs);
    }
}
