package io.sensorstream.core.reading;

/** How the event-time field is written. */
public enum TimestampFormat {
    /** An integer number of milliseconds since the epoch (the seed's format); an integral float is accepted. */
    EPOCH_MILLIS("epoch-ms"),
    /** A number of seconds since the epoch, fractions allowed ({@code 1700000000.25}). */
    EPOCH_SECONDS("epoch-s"),
    /** An ISO-8601 string with offset or zone ({@code 2026-11-24T18:00:00Z}); without one, UTC is assumed. */
    ISO_8601("iso-8601"),
    /** Numbers as epoch milliseconds, strings as ISO-8601. */
    AUTO("auto");

    private final String code;

    TimestampFormat(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The format named {@code code} ({@code epoch-ms}, {@code epoch-s}, {@code iso-8601}, {@code auto}). */
    public static TimestampFormat fromCode(String code) {
        for (TimestampFormat f : values()) {
            if (f.code.equals(code)) return f;
        }
        throw new IllegalArgumentException("timestamp format must be one of epoch-ms, epoch-s, iso-8601, auto; got '" + code + "'");
    }
}
