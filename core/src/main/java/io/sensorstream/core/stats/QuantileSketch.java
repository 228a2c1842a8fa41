package io.sensorstream.core.stats;

import com.tdunning.math.stats.MergingDigest;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Quantiles of a window's values: exact while the window holds at most {@value #EXACT_LIMIT} values, then a t-digest.
 *
 * <p>Exact mode keeps the raw values and answers with linear interpolation between closest ranks
 * ({@code q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])} with {@code h = p·(n − 1)} on the sorted values). Example:
 * 20, 22, 27 → p50 = 22, p95 = 22 + 0.9·5 = 26.5. Beyond the limit, Ted Dunning's merging t-digest (compression
 * 100) takes over: its error is in rank, not value, so it stays accurate for data with a large offset and a small
 * spread (a pressure of 1000 ± 5), unlike a relative-error sketch such as DDSketch whose 1 % error would be ±10 there.
 * The rank error is roughly {@code ≤ 1 %} around the median (up to about 2 % after merging sketches, as session
 * windows do) and much smaller toward p95/p99.
 *
 * <p>Exact values are held as scaled integers while every value is a decimal with at most {@value #MAX_DIGITS} digits
 * after the point whose scaled form fits an int, which is what sensors send: {@code 23.45} is held as {@code 2345}
 * with scale 100, and read back as {@code 2345 / 100.0}, the very same double (each value is checked bit for bit when
 * added, so nothing is ever rounded; the first value that does not fit turns the sketch to doubles), as shorts while
 * they fit ({@code −327.68 … 327.67} at two decimals). A quarter of the heap of doubles for the values a one-minute
 * window of a 1 Hz temperature sensor holds: 144 bytes instead of 528.
 *
 * <p>Answers are reproducible everywhere: the t-digest is compacted after every value (see {@link #newDigest()}), so
 * serialising it at a Kafka Streams commit or restoring it after a crash does not change later estimates.
 *
 * <p>Sketches merge (session windows) and serialise for state stores. Mutable, not thread-safe.
 */
public final class QuantileSketch {

    /** Values kept exactly before switching to a t-digest. */
    public static final int EXACT_LIMIT = 128;
    private static final double COMPRESSION = 100;

    /** Most digits after the decimal point held as scaled integers. */
    static final int MAX_DIGITS = 6;
    private static final double[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    /** Exact values as doubles, once one did not fit as a scaled integer; null while scaled or after the digest took over. */
    private double[] exact;
    /** Exact values as {@code round(x · 10^digits)} while every one fits a short; null otherwise. */
    private short[] narrow = new short[8];
    /** The same once one needs an int; null otherwise. */
    private int[] scaled;
    /** Digits of the scale; −1 before the first value. */
    private int digits = -1;
    private int size;
    private MergingDigest digest;

    public void add(double x) {
        if (digest != null) {
            digest.add(x);
            digest.compress();
            return;
        }
        if (size == EXACT_LIMIT) {
            digest = newDigest();
            for (int i = 0; i < size; i++) {
                digest.add(value(i));
                digest.compress();
            }
            exact = null;
            narrow = null;
            scaled = null;
            digest.add(x);
            digest.compress();
            return;
        }
        if (exact == null && !addScaled(x)) toDoubles();
        if (exact != null) {
            if (size == exact.length) exact = Arrays.copyOf(exact, Math.min(EXACT_LIMIT, size * 2));
            exact[size++] = x;
        }
    }

    /** Adds {@code x} as a scaled integer if it is one at this or a finer scale that all held values fit. */
    private boolean addScaled(double x) {
        int d = Math.max(digits, 0);
        long m = scaledForm(x, d);
        while (m == Long.MIN_VALUE && ++d <= MAX_DIGITS) m = scaledForm(x, d);
        if (m == Long.MIN_VALUE) return false;
        if (d > digits && digits >= 0) { // a finer scale: rescale what is held, if it fits
            long factor = (long) POWERS[d - digits];
            long largest = 0;
            for (int i = 0; i < size; i++) largest = Math.max(largest, Math.abs(held(i) * factor));
            if (largest > Integer.MAX_VALUE) return false;
            if (largest > Short.MAX_VALUE) widen();
            for (int i = 0; i < size; i++) hold(i, held(i) * factor);
        }
        digits = d;
        if (narrow != null && Math.abs(m) > Short.MAX_VALUE) widen();
        int capacity = narrow != null ? narrow.length : scaled.length;
        if (size == capacity) {
            int grown = Math.min(EXACT_LIMIT, size * 2);
            if (narrow != null) narrow = Arrays.copyOf(narrow, grown);
            else scaled = Arrays.copyOf(scaled, grown);
        }
        hold(size++, m);
        return true;
    }

    private long held(int i) {
        return narrow != null ? narrow[i] : scaled[i];
    }

    private void hold(int i, long v) {
        if (narrow != null) narrow[i] = (short) v;
        else scaled[i] = (int) v;
    }

    private void widen() {
        if (narrow == null) return;
        scaled = new int[narrow.length];
        for (int i = 0; i < size; i++) scaled[i] = narrow[i];
        narrow = null;
    }

    /** {@code round(x · 10^d)} if that divided by {@code 10^d} gives back exactly {@code x} and fits an int; else MIN_VALUE. */
    private static long scaledForm(double x, int d) {
        double p = POWERS[d];
        double y = x * p;
        if (!(Math.abs(y) <= Integer.MAX_VALUE)) return Long.MIN_VALUE;
        long m = Math.round(y);
        return Double.doubleToRawLongBits(m / p) == Double.doubleToRawLongBits(x) ? m : Long.MIN_VALUE;
    }

    private void toDoubles() {
        double[] d = new double[Math.max(8, narrow != null ? narrow.length : scaled.length)];
        for (int i = 0; i < size; i++) d[i] = value(i);
        exact = d;
        narrow = null;
        scaled = null;
    }

    /** The i-th exact value. */
    private double value(int i) {
        return exact != null ? exact[i] : held(i) / POWERS[digits];
    }

    public void merge(QuantileSketch other) {
        if (other.digest != null) {
            if (digest == null) {
                MergingDigest d = newDigest();
                for (int i = 0; i < size; i++) {
                    d.add(value(i));
                    d.compress();
                }
                exact = null;
                narrow = null;
                scaled = null;
                digest = d;
            }
            digest.add(other.digest);
            digest.compress();
        } else {
            for (int i = 0; i < other.size; i++) add(other.value(i));
        }
    }

    /** The {@code p}-quantile, {@code 0 <= p <= 1}; NaN when empty. */
    public double quantile(double p) {
        return quantiles(new double[] {p})[0];
    }

    /** The quantiles for each of {@code ps}, as {@link #quantile} answers them, from one sort of the exact values. */
    public double[] quantiles(double[] ps) {
        double[] out = new double[ps.length];
        if (digest != null) {
            for (int i = 0; i < ps.length; i++) out[i] = digest.quantile(ps[i]);
            return out;
        }
        if (size == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        double[] sorted = new double[size];
        if (narrow != null) { // integers sort faster, and dividing keeps their order
            short[] ints = Arrays.copyOf(narrow, size);
            Arrays.sort(ints);
            double p = POWERS[digits];
            for (int i = 0; i < size; i++) sorted[i] = ints[i] / p;
        } else if (scaled != null) {
            int[] ints = Arrays.copyOf(scaled, size);
            Arrays.sort(ints);
            double p = POWERS[digits];
            for (int i = 0; i < size; i++) sorted[i] = ints[i] / p;
        } else {
            System.arraycopy(exact, 0, sorted, 0, size);
            Arrays.sort(sorted);
        }
        for (int i = 0; i < ps.length; i++) {
            double h = ps[i] * (size - 1);
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, size - 1);
            out[i] = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }
        return out;
    }

    /** Whether the exact values are held as scaled integers (for tests and footprint checks). */
    boolean holdsScaled() {
        return exact == null && digest == null;
    }

    /** Whether the scaled integers are held as shorts (for tests). */
    boolean holdsShorts() {
        return narrow != null;
    }

    /** Whether the answer is exact (few values) rather than a t-digest estimate. */
    public boolean isExact() {
        return digest == null;
    }

    public int encodedSize() {
        return 1 + 4 + (digest == null ? size * Double.BYTES : digestBytes().length);
    }

    /**
     * Writes the sketch. The t-digest uses its full-precision form (doubles, not the library's float "small" form),
     * so a sketch restored after a restart answers exactly as the one that was never interrupted.
     */
    public void encode(ByteBuffer out) {
        if (digest == null) {
            out.put((byte) 0).putInt(size);
            for (int i = 0; i < size; i++) out.putDouble(value(i));
        } else {
            byte[] bytes = digestBytes();
            out.put((byte) 1).putInt(bytes.length).put(bytes);
        }
    }

    /**
     * A t-digest that is kept fully compacted after every change and merges in one fixed direction: its answers then
     * depend only on the values added, not on when it was serialised or queried, so replay, streaming and a restarted
     * task agree exactly. The cost, about a microsecond per value, applies only to windows beyond the exact limit.
     */
    private static MergingDigest newDigest() {
        MergingDigest d = new MergingDigest(COMPRESSION);
        d.useAlternatingSort = false;
        return d;
    }

    private byte[] digestBytes() {
        ByteBuffer b = ByteBuffer.allocate(digest.byteSize());
        digest.asBytes(b);
        return Arrays.copyOf(b.array(), b.position());
    }

    public static QuantileSketch decode(ByteBuffer in) {
        QuantileSketch s = new QuantileSketch();
        byte kind = in.get();
        int n = in.getInt();
        if (kind == 0) {
            for (int i = 0; i < n; i++) s.add(in.getDouble());
        } else {
            byte[] bytes = new byte[n];
            in.get(bytes);
            s.digest = MergingDigest.fromBytes(ByteBuffer.wrap(bytes));
            s.digest.useAlternatingSort = false;
            s.exact = null;
            s.narrow = null;
            s.scaled = null;
        }
        return s;
    }
}
