package io.sensorstream.core.reading;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;

/**
 * Turns raw record bytes into a {@link ParseResult} without ever throwing on bad input.
 *
 * <p>Uses Jackson's streaming parser, so a record costs one pass over its bytes and no tree. Unknown fields are
 * skipped; when a field repeats, the last occurrence wins. NaN and Infinity literals are read (Python's
 * {@code json.dumps} writes them) so they can be rejected as {@link RejectReason#NON_FINITE} rather than as
 * malformed JSON. A timestamp may be written as an integer or as an integral floating-point number
 * ({@code 1.7E12}); a fractional millisecond is rejected.
 *
 * <p>Thread-safe: the parser keeps no per-record state.
 */
public final class ReadingParser {

    /** Largest accepted epoch-millisecond timestamp: 9999-12-31T23:59:59.999Z. */
    public static final long MAX_TIMESTAMP_MS = 253_402_300_799_999L;

    private final ReadingFormat format;
    private final JsonFactory json;

    public ReadingParser(ReadingFormat format) {
        this.format = format;
        this.json = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
    }

    public ReadingFormat format() {
        return format;
    }

    /** Parses one record value; {@code null} or empty bytes are rejected as {@link RejectReason#EMPTY}. */
    public ParseResult parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new ParseResult.Rejected(RejectReason.EMPTY, "record value is empty");
        }
        try (JsonParser p = json.createParser(bytes)) {
            return parseObject(p);
        } catch (IOException | RuntimeException e) {
            return new ParseResult.Rejected(RejectReason.MALFORMED_JSON, "not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private ParseResult parseObject(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            return new ParseResult.Rejected(RejectReason.NOT_AN_OBJECT,
                    "expected a JSON object, found " + describe(first));
        }
        String sensorId = null;
        JsonToken sensorToken = null;
        double value = 0;
        JsonToken valueToken = null;
        long timestamp = 0;
        JsonToken timestampToken = null;
        double timestampAsDouble = 0;
        String fieldName;
        while ((fieldName = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (fieldName.equals(format.sensorIdField())) {
                sensorToken = t;
                sensorId = (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) ? p.getText() : null;
                p.skipChildren();
            } else if (fieldName.equals(format.valueField())) {
                valueToken = t;
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    value = p.getDoubleValue();
                }
                p.skipChildren();
            } else if (fieldName.equals(format.timestampField())) {
                timestampToken = t;
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        timestampToken = JsonToken.VALUE_NUMBER_FLOAT;
                        timestampAsDouble = Double.POSITIVE_INFINITY;
                    } else {
                        timestamp = p.getLongValue();
                    }
                } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    timestampAsDouble = p.getDoubleValue();
                }
                p.skipChildren();
            } else {
                p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            return new ParseResult.Rejected(RejectReason.MALFORMED_JSON, "not valid JSON: trailing content after the object");
        }
        ParseResult.Rejected missing = checkPresent(sensorToken, format.sensorIdField(), "a string");
        if (missing == null) missing = checkPresent(valueToken, format.valueField(), "a number");
        if (missing == null) missing = checkPresent(timestampToken, format.timestampField(), "an integer (epoch milliseconds)");
        if (missing != null) {
            return missing;
        }
        if (sensorId == null) {
            return wrongType(format.sensorIdField(), sensorToken, "a string");
        }
        if (sensorId.isEmpty() || sensorId.length() > ReadingFormat.MAX_SENSOR_ID_LENGTH) {
            return new ParseResult.Rejected(RejectReason.BAD_SENSOR_ID, "field '" + format.sensorIdField()
                    + "' must have 1.." + ReadingFormat.MAX_SENSOR_ID_LENGTH + " characters, has " + sensorId.length());
        }
        if (valueToken != JsonToken.VALUE_NUMBER_INT && valueToken != JsonToken.VALUE_NUMBER_FLOAT) {
            return wrongType(format.valueField(), valueToken, "a number");
        }
        if (!Double.isFinite(value)) {
            return new ParseResult.Rejected(RejectReason.NON_FINITE,
                    "field '" + format.valueField() + "' is " + value + ", expected a finite number");
        }
        if (value < format.minValue() || value > format.maxValue()) {
            return new ParseResult.Rejected(RejectReason.OUT_OF_RANGE, "field '" + format.valueField() + "' is " + value
                    + ", outside the accepted range [" + format.minValue() + ", " + format.maxValue() + "]");
        }
        if (timestampToken == JsonToken.VALUE_NUMBER_FLOAT) {
            if (!Double.isFinite(timestampAsDouble) || timestampAsDouble != Math.rint(timestampAsDouble)
                    || Math.abs(timestampAsDouble) > MAX_TIMESTAMP_MS) {
                return badTimestamp(Double.toString(timestampAsDouble));
            }
            timestamp = (long) timestampAsDouble;
        } else if (timestampToken != JsonToken.VALUE_NUMBER_INT) {
            return wrongType(format.timestampField(), timestampToken, "an integer (epoch milliseconds)");
        }
        if (timestamp < 0 || timestamp > MAX_TIMESTAMP_MS) {
            return badTimestamp(Long.toString(timestamp));
        }
        return new ParseResult.Valid(new Reading(sensorId, timestamp, value));
    }

    private ParseResult.Rejected badTimestamp(String shown) {
        return new ParseResult.Rejected(RejectReason.BAD_TIMESTAMP, "field '" + format.timestampField() + "' is "
                + shown + ", expected epoch milliseconds in [0, " + MAX_TIMESTAMP_MS + "]");
    }

    private static ParseResult.Rejected checkPresent(JsonToken token, String field, String expected) {
        if (token == null || token == JsonToken.VALUE_NULL) {
            return new ParseResult.Rejected(RejectReason.MISSING_FIELD,
                    "field '" + field + "' is " + (token == null ? "missing" : "null") + ", expected " + expected);
        }
        return null;
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
}
