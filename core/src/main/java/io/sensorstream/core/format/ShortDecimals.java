package io.sensorstream.core.format;

/**
 * Writes a double that is a short decimal (sensors send them: {@code 23.45}) the way Jackson's fast double writer does,
 * without its general algorithm: a window result's minimum, maximum, first, last and exact quantiles, and an alert's
 * value, are such decimals, and printing doubles was a quarter of the CPU of publishing a million window results.
 *
 * <p>Contract: for {@code 10^-3 <= |x| < 10^7} and the smallest {@code k <= 3} with {@code x = m / 10^k} exactly (the
 * division of the rounded {@code m = round(|x|·10^k)} by {@code 10^k} gives back {@code |x|} bit for bit), the text is
 * {@code m / 10^k}, then '.', then {@code m mod 10^k} as {@code k} digits, or "0" when {@code k = 0}; e.g. 23.45 →
 * "23.45", 20 → "20.0", −0.005 → "-0.005". That is the shortest decimal that rounds to {@code x}, which is what
 * {@code Double.toString} (JDK 19 and later) and Jackson's writer print in that range: any decimal rounding to
 * {@code x} lies within half an ulp of it (under 10^-9 below 10^7), so one with fewer fraction digits would have been
 * found at a smaller {@code k}, and no two points of the 10^-k grid are that close. Anything else (more digits, other
 * magnitudes, zero, NaN) is left to Jackson.
 */
final class ShortDecimals {

    /** Longest text written: sign, 7 integer digits, point, 3 fraction digits. */
    static final int MAX_LENGTH = 12;
    private static final double[] POWERS = {1, 10, 100, 1_000};
    private static final long[] LONG_POWERS = {1, 10, 100, 1_000};

    private ShortDecimals() {
    }

    /** Writes {@code x} into {@code out} from 0 (at least {@link #MAX_LENGTH} chars); its length, or −1 if not handled. */
    static int write(double x, char[] out) {
        double a = Math.abs(x);
        if (!(a >= 1e-3 && a < 1e7)) {
            return -1;
        }
        for (int k = 0; k < POWERS.length; k++) {
            double p = POWERS[k];
            long m = Math.round(a * p);
            if (m / p == a) {
                return text(x < 0, m, k, out);
            }
        }
        return -1;
    }

    private static int text(boolean negative, long m, int k, char[] out) {
        int n = 0;
        if (negative) out[n++] = '-';
        long whole = m / LONG_POWERS[k];
        long fraction = m % LONG_POWERS[k];
        n = digits(whole, out, n);
        out[n++] = '.';
        if (k == 0) {
            out[n++] = '0';
            return n;
        }
        for (int i = k - 1; i >= 0; i--) {
            out[n + i] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        return n + k;
    }

    /** The decimal digits of {@code v >= 0} at {@code at}; the index after them. */
    private static int digits(long v, char[] out, int at) {
        int len = 1;
        for (long t = v; t >= 10; t /= 10) len++;
        for (int i = at + len - 1; i >= at; i--) {
            out[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        return at + len;
    }
}
