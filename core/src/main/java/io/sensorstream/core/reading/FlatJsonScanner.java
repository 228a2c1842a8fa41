package io.sensorstream.core.reading;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link ReadingParser}: one pass over a flat JSON object of the common shape, with no parser object,
 * no buffers and no strings but the sensor id (and tags). It reads what Jackson would read or gives up: anything
 * outside the common shape (escapes, bytes above 0x7f or control bytes in strings, nested values, exponents, more
 * than 15 significant digits, {@code NaN}, a timestamp that is not an integer of up to 18 digits, content after the
 * object, a non-string sensor id or tag) returns false and the record goes through Jackson, so results and error
 * messages are the same either way ({@code ReadingParserTest} compares both paths on every input it has).
 *
 * <p>A decimal {@code m / 10^k} with {@code m < 2^53} and {@code k <= 22} is computed as one double division of two
 * exactly representable numbers, which IEEE 754 rounds correctly, so it equals {@link Double#parseDouble}: e.g.
 * {@code 23.45} = 2345 / 100.0.
 */
final class FlatJsonScanner {

    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final byte[][] names;
    private final int[] roles;
    private final String[] tagFields;
    private final int sensorRole;
    private final int timestampRole;
    private final int tagBase;

    /** @param names field names by position in {@code roles}: the role of each (see {@link ReadingParser}) */
    FlatJsonScanner(String[] names, int[] roles, String[] tagFields, int sensorRole, int timestampRole, int tagBase) {
        this.names = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            this.names[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
        this.roles = roles.clone();
        this.tagFields = tagFields;
        this.sensorRole = sensorRole;
        this.timestampRole = timestampRole;
        this.tagBase = tagBase;
    }

    /** Fills {@code f} from {@code b}; false when the record is not of the shape handled here. */
    boolean scan(byte[] b, ReadingParser.Fields f) {
        int i = skipSpace(b, 0);
        if (i >= b.length || b[i] != '{') return false;
        i = skipSpace(b, i + 1);
        if (i < b.length && b[i] == '}') {
            return skipSpace(b, i + 1) == b.length;
        }
        while (true) {
            if (i >= b.length || b[i] != '"') return false;
            int keyStart = i + 1;
            int keyEnd = stringEnd(b, keyStart);
            if (keyEnd < 0) return false;
            i = skipSpace(b, keyEnd + 1);
            if (i >= b.length || b[i] != ':') return false;
            i = skipSpace(b, i + 1);
            if (i >= b.length) return false;
            int role = role(b, keyStart, keyEnd);
            i = value(b, i, role, f);
            if (i < 0) return false;
            i = skipSpace(b, i);
            if (i >= b.length) return false;
            if (b[i] == '}') {
                return skipSpace(b, i + 1) == b.length;
            }
            if (b[i] != ',') return false;
            i = skipSpace(b, i + 1);
        }
    }

    /** Reads one value at {@code i} for a field of {@code role} (or none); returns the index after it, or -1. */
    private int value(byte[] b, int i, int role, ReadingParser.Fields f) {
        byte c = b[i];
        if (c == '"') {
            int end = stringEnd(b, i + 1);
            if (end < 0) return -1;
            if (role == sensorRole) {
                f.sensorToken = JsonToken.VALUE_STRING;
                f.sensorId = new String(b, i + 1, end - i - 1, StandardCharsets.ISO_8859_1);
            } else if (role == timestampRole) {
                f.timestampToken = JsonToken.VALUE_STRING;
                f.timestampBig = false;
                f.timestampText = new String(b, i + 1, end - i - 1, StandardCharsets.ISO_8859_1);
            } else if (role >= tagBase && role != Integer.MIN_VALUE) {
                f.tag(tagFields[role - tagBase], new String(b, i + 1, end - i - 1, StandardCharsets.ISO_8859_1));
            } else if (role >= 0) {
                f.valueTokens[role] = JsonToken.VALUE_STRING;
                f.values[role] = Double.NaN;
            }
            return end + 1;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(b, i, role, f);
        }
        JsonToken literal;
        int length;
        if (matches(b, i, "null")) {
            literal = JsonToken.VALUE_NULL;
            length = 4;
        } else if (matches(b, i, "true")) {
            literal = JsonToken.VALUE_TRUE;
            length = 4;
        } else if (matches(b, i, "false")) {
            literal = JsonToken.VALUE_FALSE;
            length = 5;
        } else {
            return -1; // objects, arrays, NaN, anything else: Jackson
        }
        if (role == sensorRole) {
            f.sensorToken = literal;
            f.sensorId = null;
        } else if (role == timestampRole) {
            f.timestampToken = literal;
            f.timestampBig = false;
        } else if (role >= tagBase && role != Integer.MIN_VALUE) {
            if (literal != JsonToken.VALUE_NULL) return -1; // Jackson's text of a boolean tag: leave it to Jackson
        } else if (role >= 0) {
            f.valueTokens[role] = literal;
            f.values[role] = Double.NaN;
        }
        int end = i + length;
        return end < b.length && isLetterOrDigit(b[end]) ? -1 : end;
    }

    /** A JSON number at {@code i}: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}, up to 18 digits; exponents go to Jackson. */
    private int number(byte[] b, int i, int role, ReadingParser.Fields f) {
        boolean negative = b[i] == '-';
        int j = negative ? i + 1 : i;
        long mantissa = 0;
        int digits = 0;
        int fraction = 0;
        if (j >= b.length || b[j] < '0' || b[j] > '9') return -1;
        if (b[j] == '0' && j + 1 < b.length && b[j + 1] >= '0' && b[j + 1] <= '9') return -1; // leading zero
        while (j < b.length && b[j] >= '0' && b[j] <= '9') {
            mantissa = mantissa * 10 + (b[j++] - '0');
            if (++digits > 18) return -1;
        }
        boolean integer = true;
        if (j < b.length && b[j] == '.') {
            integer = false;
            j++;
            int start = j;
            while (j < b.length && b[j] >= '0' && b[j] <= '9') {
                mantissa = mantissa * 10 + (b[j++] - '0');
                if (++digits > 18) return -1;
            }
            fraction = j - start;
            if (fraction == 0) return -1;
        }
        if (j < b.length && (b[j] == 'e' || b[j] == 'E' || isLetterOrDigit(b[j]))) return -1;
        if (role == sensorRole) {
            return -1; // a numeric sensor id keeps Jackson's text of it
        }
        if (role == timestampRole) {
            if (!integer) return -1;
            f.timestampToken = JsonToken.VALUE_NUMBER_INT;
            f.timestampBig = false;
            f.timestampLong = negative ? -mantissa : mantissa;
            f.timestampDouble = f.timestampLong;
            return j;
        }
        if (role >= tagBase && role != Integer.MIN_VALUE) {
            return -1;
        }
        if (role >= 0) {
            double v;
            if (integer) {
                v = negative ? -mantissa : mantissa; // as Jackson: an integer token's long value, converted
                f.valueTokens[role] = JsonToken.VALUE_NUMBER_INT;
            } else {
                if (digits > 15 || fraction >= POWERS_OF_TEN.length) return -1;
                v = mantissa / POWERS_OF_TEN[fraction];
                if (negative) v = -v;
                f.valueTokens[role] = JsonToken.VALUE_NUMBER_FLOAT;
            }
            f.values[role] = v;
        }
        return j;
    }

    /** The index of the closing quote of a string starting at {@code i}, or -1 for escapes, non-ASCII or control bytes. */
    private static int stringEnd(byte[] b, int i) {
        for (int j = i; j < b.length; j++) {
            byte c = b[j];
            if (c == '"') return j;
            if (c == '\\' || c < 0x20) return -1; // bytes >= 0x80 are negative: also -1
        }
        return -1;
    }

    /** The role of the key {@code b[from, to)}, {@link Integer#MIN_VALUE} for a field nobody reads. */
    private int role(byte[] b, int from, int to) {
        int length = to - from;
        outer:
        for (int n = 0; n < names.length; n++) {
            byte[] name = names[n];
            if (name.length != length) continue;
            for (int k = 0; k < length; k++) {
                if (name[k] != b[from + k]) continue outer;
            }
            return roles[n];
        }
        return Integer.MIN_VALUE;
    }

    private static boolean matches(byte[] b, int i, String word) {
        if (i + word.length() > b.length) return false;
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) return false;
        }
        return true;
    }

    private static boolean isLetterOrDigit(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '+';
    }

    private static int skipSpace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
        return i;
    }
}
