package io.sensorstream.app.replay;

/**
 * Parses plain decimals such as {@code -73.96732207} without allocating, for the common case only, and correctly
 * rounded: when the digits form an integer below 2^53 and there are at most 22 fraction digits, {@code m / 10^k} is
 * a single correctly rounded IEEE division of two exact doubles (Clinger's fast path), so the result equals
 * {@link Double#parseDouble}. Anything else (exponents, more digits, junk) returns NaN and the caller falls back.
 */
final class FastDecimal {

    private static final double[] POWERS = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private FastDecimal() {
    }

    static double parse(CharSequence s, int from, int to) {
        while (from < to && s.charAt(from) == ' ') from++;
        while (to > from && s.charAt(to - 1) == ' ') to--;
        if (from == to) return Double.NaN;
        boolean negative = false;
        char c0 = s.charAt(from);
        if (c0 == '-' || c0 == '+') {
            negative = c0 == '-';
            from++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (++digits > 15) return Double.NaN;
                if (fraction >= 0) fraction++;
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) return Double.NaN;
        double v = fraction <= 0 ? mantissa : mantissa / POWERS[fraction];
        return negative ? -v : v;
    }
}
