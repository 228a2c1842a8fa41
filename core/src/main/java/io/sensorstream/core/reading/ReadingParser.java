package io.sensorstream.core.reading;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns raw record bytes into a {@link ParseResult} without ever throwing on bad input.
 *
 * <p>Records of the common shape (a flat object, plain ASCII strings, decimal numbers) take a hand-written fast path
 * ({@link FlatJsonScanner}); everything else goes through Jackson's streaming parser, with the same results and the
 * same error messages. Either way a record costs one pass over its bytes and no tree. Unknown fields are
 * skipped; when a field repeats, the last occurrence wins. NaN and Infinity literals are read (Python's
 * {@code json.dumps} writes them) so they can be rejected as {@link RejectReason#NON_FINITE} rather than as
 * malformed JSON.
 *
 * <p>Thread-safe: the parser keeps no per-record state.
 */
public final class ReadingParser {

    /** Largest accepted epoch-millisecond timestamp: 9999-12-31T23:59:59.999Z. */
    public static final long MAX_TIMESTAMP_MS = 253_402_300_799_999L;

    private static final int SENSOR = -1;
    private static final int TIMESTAMP = -2;
    private static final int TAG_BASE = 1 << 20;

    private final ReadingFormat format;
    private final JsonFactory json;
    private final Map<String, Integer> roles = new HashMap<>();
    private final MetricSpec[] metrics;
    private final String[] tagFields;
    private final FlatJsonScanner fast;

    public ReadingParser(ReadingFormat format) {
        this.format = format;
        this.json = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
        this.metrics = format.metrics().toArray(new MetricSpec[0]);
        this.tagFields = format.tagFields().toArray(new String[0]);
        roles.put(format.sensorIdField(), SENSOR);
        claim(format.timestampField(), TIMESTAMP);
        for (int i = 0; i < metrics.length; i++) {
            claim(metrics[i].field(), i);
        }
        for (int i = 0; i < tagFields.length; i++) {
            claim(tagFields[i], TAG_BASE + i);
        }
        String[] names = roles.keySet().toArray(new String[0]);
        int[] roleOf = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            roleOf[i] = roles.get(names[i]);
        }
        this.fast = new FlatJsonScanner(names, roleOf, tagFields, SENSOR, TIMESTAMP, TAG_BASE);
    }

    private void claim(String field, int role) {
        if (roles.putIfAbsent(field, role) != null) {
            throw new IllegalArgumentException("JSON field '" + field + "' is configured for two roles");
        }
    }

    public ReadingFormat format() {
        return format;
    }

    /** Parses one record value without the future check. */
    public ParseResult parse(byte[] bytes) {
        return parse(bytes, Long.MIN_VALUE);
    }

    /**
     * Parses one record value; {@code null} or empty bytes are rejected as {@link RejectReason#EMPTY}.
     *
     * @param referenceTimeMs the time "now" for the future check (the record's Kafka timestamp), or
     *                        {@link Long#MIN_VALUE} to skip the check
     */
    public ParseResult parse(byte[] bytes, long referenceTimeMs) {
        if (bytes == null || bytes.length == 0) {
            return new ParseResult.Rejected(RejectReason.EMPTY, "record value is empty");
        }
        Fields f = new Fields(metrics.length);
        if (fast.scan(bytes, f)) {
            return validate(f, referenceTimeMs);
        }
        return parseWithJackson(bytes, referenceTimeMs);
    }

    /**
     * The general path alone: Jackson's streaming parser, which {@link #parse} uses for every shape the fast scanner
     * leaves alone (public so the benchmark can compare both paths).
     */
    public ParseResult parseWithJackson(byte[] bytes, long referenceTimeMs) {
        try (JsonParser p = json.createParser(bytes)) {
            return parseObject(p, referenceTimeMs);
        } catch (IOException | RuntimeException e) {
            return new ParseResult.Rejected(RejectReason.MALFORMED_JSON, "not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private ParseResult parseObject(JsonParser p, long referenceTimeMs) throws IOException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            return new ParseResult.Rejected(RejectReason.NOT_AN_OBJECT, "expected a JSON object, found " + describe(first));
        }
        Fields f = new Fields(metrics.length);
        String fieldName;
        while ((fieldName = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            Integer role = roles.get(fieldName);
            if (role == null) {
                p.skipChildren();
            } else if (role == SENSOR) {
                f.sensorToken = t;
                f.sensorId = (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) ? p.getText() : null;
            } else if (role == TIMESTAMP) {
                f.timestampToken = t;
                f.timestampBig = false;
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        f.timestampBig = true;
                    } else {
                        f.timestampLong = p.getLongValue();
                        f.timestampDouble = f.timestampLong;
                    }
                } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    f.timestampDouble = p.getDoubleValue();
                } else if (t == JsonToken.VALUE_STRING) {
                    f.timestampText = p.getText();
                }
            } else if (role >= TAG_BASE) {
                if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                    f.tag(tagFields[role - TAG_BASE], p.getText());
                }
            } else {
                f.valueTokens[role] = t;
                f.values[role] = (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) ? p.getDoubleValue() : Double.NaN;
            }
            p.skipChildren();
        }
        if (p.nextToken() != null) {
            return new ParseResult.Rejected(RejectReason.MALFORMED_JSON, "not valid JSON: trailing content after the object");
        }
        return validate(f, referenceTimeMs);
    }

    /** Checks the fields of one record and makes the reading, or the rejection naming the first problem. */
    private ParseResult validate(Fields f, long referenceTimeMs) {
        String sensorId = f.sensorId;
        JsonToken sensorToken = f.sensorToken;
        JsonToken timestampToken = f.timestampToken;
        double[] values = f.values;
        JsonToken[] valueTokens = f.valueTokens;
        Map<String, String> tags = f.tags;
        if (sensorToken == null || sensorToken == JsonToken.VALUE_NULL) {
            return missing(format.sensorIdField(), sensorToken, "a string");
        }
        for (int i = 0; i < metrics.length; i++) {
            JsonToken t = valueTokens[i];
            if ((t == null || t == JsonToken.VALUE_NULL) && metrics[i].required()) {
                return missing(metrics[i].field(), t, "a number");
            }
        }
        if (timestampToken == null || timestampToken == JsonToken.VALUE_NULL) {
            return missing(format.timestampField(), timestampToken, expectedTimestamp());
        }
        if (sensorId == null) {
            return wrongType(format.sensorIdField(), sensorToken, "a string");
        }
        if (sensorId.isEmpty() || sensorId.length() > ReadingFormat.MAX_SENSOR_ID_LENGTH) {
            return new ParseResult.Rejected(RejectReason.BAD_SENSOR_ID, "field '" + format.sensorIdField()
                    + "' must have 1.." + ReadingFormat.MAX_SENSOR_ID_LENGTH + " characters, has " + sensorId.length());
        }
        boolean any = false;
        for (int i = 0; i < metrics.length; i++) {
            JsonToken t = valueTokens[i];
            if (t == null || t == JsonToken.VALUE_NULL) {
                continue;
            }
            MetricSpec m = metrics[i];
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                return wrongType(m.field(), t, "a number");
            }
            double v = values[i];
            if (!Double.isFinite(v)) {
                return new ParseResult.Rejected(RejectReason.NON_FINITE,
                        "field '" + m.field() + "' is " + v + ", expected a finite number");
            }
            if (v < m.minValue() || v > m.maxValue()) {
                return new ParseResult.Rejected(RejectReason.OUT_OF_RANGE, "field '" + m.field() + "' is " + v
                        + ", outside the accepted range [" + m.minValue() + ", " + m.maxValue() + "]");
            }
            any = true;
        }
        if (!any) {
            return new ParseResult.Rejected(RejectReason.MISSING_FIELD, "none of the metric fields "
                    + format.metrics().stream().map(MetricSpec::field).toList() + " is present");
        }
        long timestamp;
        try {
            timestamp = eventTime(timestampToken, f.timestampLong, f.timestampDouble, f.timestampBig, f.timestampText);
        } catch (TimestampException e) {
            return e.rejection;
        }
        if (referenceTimeMs != Long.MIN_VALUE && format.maxFutureMs() > 0 && timestamp - referenceTimeMs > format.maxFutureMs()) {
            return new ParseResult.Rejected(RejectReason.FUTURE_TIMESTAMP, "field '" + format.timestampField() + "' is "
                    + Instant.ofEpochMilli(timestamp) + ", more than " + format.maxFutureMs() + " ms after the record's time "
                    + Instant.ofEpochMilli(referenceTimeMs));
        }
        return new ParseResult.Valid(new Reading(sensorId, timestamp, values, tags == null ? Map.of() : tags));
    }

    private long eventTime(JsonToken token, long asLong, double asDouble, boolean big, String text) throws TimestampException {
        TimestampFormat f = format.timestampFormat();
        boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
        if (token == JsonToken.VALUE_STRING && (f == TimestampFormat.ISO_8601 || f == TimestampFormat.AUTO)) {
            return checkRange(parseIso(text), text);
        }
        if (!number || f == TimestampFormat.ISO_8601) {
            throw new TimestampException(wrongType(format.timestampField(), token, expectedTimestamp()));
        }
        if (big) {
            throw new TimestampException(badTimestamp("a number beyond the accepted range"));
        }
        if (f == TimestampFormat.EPOCH_SECONDS) {
            double ms = Math.rint(asDouble * 1000.0);
            if (!Double.isFinite(ms) || Math.abs(ms) > MAX_TIMESTAMP_MS) {
                throw new TimestampException(badTimestamp(Double.toString(asDouble)));
            }
            return checkRange((long) ms, asDouble);
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            if (!Double.isFinite(asDouble) || asDouble != Math.rint(asDouble) || Math.abs(asDouble) > MAX_TIMESTAMP_MS) {
                throw new TimestampException(badTimestamp(Double.toString(asDouble)));
            }
            return checkRange((long) asDouble, asDouble);
        }
        if (asLong < 0 || asLong > MAX_TIMESTAMP_MS) { // the text only when rejected: Long.toString per record was 2 %
            throw new TimestampException(badTimestamp(Long.toString(asLong)));
        }
        return asLong;
    }

    /** As {@link #checkRange(long, String)}, formatting the number only when it is rejected. */
    private long checkRange(long ms, double shown) throws TimestampException {
        if (ms < 0 || ms > MAX_TIMESTAMP_MS) {
            throw new TimestampException(badTimestamp(Double.toString(shown)));
        }
        return ms;
    }

    private long checkRange(long ms, String shown) throws TimestampException {
        if (ms < 0 || ms > MAX_TIMESTAMP_MS) {
            throw new TimestampException(badTimestamp(shown));
        }
        return ms;
    }

    private long parseIso(String text) throws TimestampException {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            // try the other ISO shapes below
        }
        try {
            return ZonedDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            // no zone
        }
        try {
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw new TimestampException(badTimestamp("'" + text + "'"));
        }
    }

    private String expectedTimestamp() {
        return switch (format.timestampFormat()) {
            case EPOCH_MILLIS -> "an integer (epoch milliseconds)";
            case EPOCH_SECONDS -> "a number (epoch seconds)";
            case ISO_8601 -> "an ISO-8601 string";
            case AUTO -> "epoch milliseconds or an ISO-8601 string";
        };
    }

    private ParseResult.Rejected badTimestamp(String shown) {
        return new ParseResult.Rejected(RejectReason.BAD_TIMESTAMP, "field '" + format.timestampField() + "' is "
                + shown + ", expected " + expectedTimestamp() + " between 1970 and 9999");
    }

    private static ParseResult.Rejected missing(String field, JsonToken token, String expected) {
        return new ParseResult.Rejected(RejectReason.MISSING_FIELD,
                "field '" + field + "' is " + (token == null ? "missing" : "null") + ", expected " + expected);
    }

    private static ParseResult.Rejected wrongType(String field, JsonToken token, String expected) {
        return new ParseResult.Rejected(RejectReason.WRONG_TYPE,
                "field '" + field + "' is " + describe(token) + ", expected " + expected);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** What one record's fields said before validation: filled by Jackson's parser or by the {@link FlatJsonScanner}. */
    static final class Fields {
        String sensorId;
        JsonToken sensorToken;
        JsonToken timestampToken;
        String timestampText;
        long timestampLong;
        double timestampDouble;
        boolean timestampBig;
        final double[] values;
        final JsonToken[] valueTokens;
        Map<String, String> tags;

        Fields(int metricCount) {
            values = new double[metricCount];
            Arrays.fill(values, Double.NaN);
            valueTokens = new JsonToken[metricCount];
        }

        void tag(String field, String value) {
            if (tags == null) tags = new LinkedHashMap<>();
            tags.put(field, value);
        }
    }

    /** Carries a rejection out of the timestamp helpers. */
    private static final class TimestampException extends Exception {
        final ParseResult.Rejected rejection;

        TimestampException(ParseResult.Rejected rejection) {
            super(null, null, false, false);
            this.rejection = rejection;
        }
    }

}
