package io.sensorstream.core.window;

import java.time.Duration;

/**
 * One kind of window a pipeline computes; a pipeline may compute several at once (say 1 min tumbling and 5 min
 * every 1 min). Each has a name that appears in its results ({@code window_name}).
 */
public sealed interface WindowDefinition permits WindowDefinition.Fixed, WindowDefinition.Session {

    String name();

    /** {@code tumbling}, {@code hopping} or {@code session}. */
    String kind();

    /** Epoch-aligned windows of fixed size: {@code [N*advance, N*advance + size)} (see {@link WindowSpec}). */
    record Fixed(String name, WindowSpec spec) implements WindowDefinition {
        @Override
        public String kind() {
            return spec.isTumbling() ? "tumbling" : "hopping";
        }
    }

    /**
     * Per-sensor activity sessions: consecutive readings no more than {@code gapMs} apart belong to one session.
     * A session {@code [first, last]} is complete once the watermark passes {@code last + gap}, since any later
     * reading that could extend it would have an event time below the watermark. Example: gap 30 s, readings at
     * 10:00:00, 10:00:20 and 10:01:10 → sessions [10:00:00, 10:00:20] and [10:01:10, ...].
     */
    record Session(String name, long gapMs) implements WindowDefinition {
        public Session {
            if (gapMs <= 0) {
                throw new IllegalArgumentException("session gap must be positive, got " + gapMs + " ms");
            }
        }

        @Override
        public String kind() {
            return "session";
        }
    }

    static Fixed tumbling(Duration size) {
        WindowSpec spec = WindowSpec.tumbling(size);
        return new Fixed("tumbling-" + human(spec.sizeMs()), spec);
    }

    static Fixed hopping(Duration size, Duration advance) {
        WindowSpec spec = WindowSpec.hopping(size, advance);
        return new Fixed("hopping-" + human(spec.sizeMs()) + "-every-" + human(spec.advanceMs()), spec);
    }

    static Session session(Duration gap) {
        return new Session("session-" + human(gap.toMillis()), gap.toMillis());
    }

    /** 60000 → {@code 1m}, 1500 → {@code 1500ms}. */
    static String human(long ms) {
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1_000 == 0) return ms / 1_000 + "s";
        return ms + "ms";
    }
}
