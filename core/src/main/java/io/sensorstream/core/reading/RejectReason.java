package io.sensorstream.core.reading;

/**
 * Why an input record could not become a {@link Reading}. The {@link #code()} is stable: it is written to the
 * dead-letter record's headers and used as the {@code reason} tag of the rejection metric.
 */
public enum RejectReason {
    /** The record has no value (a tombstone) or an empty one. */
    EMPTY("empty"),
    /** The bytes are not valid UTF-8 JSON. */
    MALFORMED_JSON("malformed_json"),
    /** Valid JSON, but not a JSON object. */
    NOT_AN_OBJECT("not_an_object"),
    /** A required field is absent or {@code null}. */
    MISSING_FIELD("missing_field"),
    /** A field holds the wrong JSON type (for example a string temperature). */
    WRONG_TYPE("wrong_type"),
    /** The value is NaN or infinite. */
    NON_FINITE("non_finite"),
    /** The value lies outside the configured physical range. */
    OUT_OF_RANGE("out_of_range"),
    /** The timestamp is unreadable in the configured format, or outside 1970..9999. */
    BAD_TIMESTAMP("bad_timestamp"),
    /** The timestamp lies further ahead of the record's own time than the configured limit. */
    FUTURE_TIMESTAMP("future_timestamp"),
    /** The sensor id is empty or longer than the allowed length. */
    BAD_SENSOR_ID("bad_sensor_id");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The stable, lower-case identifier used in headers, metrics and logs. */
    public String code() {
        return code;
    }
}
