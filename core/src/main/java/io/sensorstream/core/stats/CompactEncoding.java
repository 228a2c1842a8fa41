package io.sensorstream.core.stats;

import java.nio.ByteBuffer;

/**
 * The small-number encodings of stored state, on a {@link ByteBuffer}: varints (unsigned LEB128, 7 bits a byte, low
 * first: one byte below 128), zigzag for signed values ({@code 0, −1, 1, −2 …} → {@code 0, 1, 2, 3 …}), and short
 * decimals: a value that is exactly {@code m / 10^d} for some {@code d ≤ 6} (bit for bit) as the varint
 * {@code (zigzag(m) << 3) | d}, anything else (more digits, NaN, infinities, −0.0) as the varint 7 and the double.
 * Example: 23.45 = 2345 / 10² → {@code (4690 << 3) | 2} = 37 522, three bytes instead of eight.
 */
public final class CompactEncoding {

    private static final double[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private static final int RAW = 7;

    private CompactEncoding() {
    }

    public static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    public static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }

    public static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    public static void putVarint(ByteBuffer out, long v) {
        if (out.hasArray() && out.remaining() >= 10) { // into the array: one position update, not a checked put per byte
            byte[] a = out.array();
            int start = out.arrayOffset() + out.position();
            int p = start;
            while ((v & ~0x7FL) != 0) {
                a[p++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            a[p++] = (byte) v;
            out.position(out.position() + (p - start));
            return;
        }
        while ((v & ~0x7FL) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    public static long readVarint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) return v;
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    /** The short-decimal varint of {@code x}, or −1 when it is stored as a double. */
    public static long decimalCode(double x) {
        for (int d = 0; d < POWERS.length; d++) {
            double y = x * POWERS[d];
            if (!(Math.abs(y) <= 1e15)) { // NaN, infinities and huge values: as doubles
                return -1;
            }
            long m = Math.round(y);
            if (Double.doubleToRawLongBits(m / POWERS[d]) == Double.doubleToRawLongBits(x)) {
                return zigzag(m) << 3 | d;
            }
        }
        return -1;
    }

    /** Bytes {@link #putDecimal} writes for {@code x}. */
    public static int decimalSize(double x) {
        long code = decimalCode(x);
        return code < 0 ? 1 + Double.BYTES : varintSize(code);
    }

    public static void putDecimal(ByteBuffer out, double x) {
        long code = decimalCode(x);
        if (code < 0) {
            out.put((byte) RAW).putDouble(x);
        } else {
            putVarint(out, code);
        }
    }

    public static double readDecimal(ByteBuffer in) {
        long v = readVarint(in);
        int d = (int) (v & 7);
        return d == RAW ? in.getDouble() : unzigzag(v >>> 3) / POWERS[d];
    }
}
