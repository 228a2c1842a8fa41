package io.sensorstream.core.window;

/**
 * A half-open event-time interval {@code [startMs, endMs)} in epoch milliseconds.
 */
public record Window(long startMs, long endMs) {

    public Window {
        if (endMs <= startMs) {
            throw new IllegalArgumentException("window end " + endMs + " must be after start " + startMs);
        }
    }

    public boolean contains(long eventTimeMs) {
        return eventTimeMs >= startMs && eventTimeMs < endMs;
    }
}
