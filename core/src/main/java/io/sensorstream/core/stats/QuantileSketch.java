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
 * <p>Answers are reproducible everywhere: the t-digest is compacted after every value (see {@link #newDigest()}), so
 * serialising it at a Kafka Streams commit or restoring it after a crash does not change later estimates.
 *
 * <p>Sketches merge (session windows) and serialise for state stores. Mutable, not thread-safe.
 */
public final class QuantileSketch {

    /** Values kept exactly before switching to a t-digest. */
    public static final int EXACT_LIMIT = 128;
    private static final double COMPRESSION = 100;

    private double[] exact = new double[8];
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
                digest.add(exact[i]);
                digest.compress();
            }
            exact = null;
            digest.add(x);
            digest.compress();
            return;
        }
        if (size == exact.length) {
            exact = Arrays.copyOf(exact, Math.min(EXACT_LIMIT, size * 2));
        }
        exact[size++] = x;
    }

    public void merge(QuantileSketch other) {
        if (other.digest != null) {
            if (digest == null) {
                MergingDigest d = newDigest();
                for (int i = 0; i < size; i++) {
                    d.add(exact[i]);
                    d.compress();
                }
                exact = null;
                digest = d;
            }
            digest.add(other.digest);
            digest.compress();
        } else {
            for (int i = 0; i < other.size; i++) add(other.exact[i]);
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
        double[] sorted = Arrays.copyOf(exact, size);
        Arrays.sort(sorted);
        for (int i = 0; i < ps.length; i++) {
            double h = ps[i] * (size - 1);
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, size - 1);
            out[i] = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }
        return out;
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
            for (int i = 0; i < size; i++) out.putDouble(exact[i]);
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
            s.exact = new double[Math.max(8, n)];
            for (int i = 0; i < n; i++) s.exact[i] = in.getDouble();
            s.size = n;
        } else {
            byte[] bytes = new byte[n];
            in.get(bytes);
            s.digest = MergingDigest.fromBytes(ByteBuffer.wrap(bytes));
            s.digest.useAlternatingSort = false;
            s.exact = null;
        }
        return s;
    }
}
