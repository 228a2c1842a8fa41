package io.sensorstream.core.stats;

import java.nio.ByteBuffer;

/**
 * Incremental, mergeable summary statistics of a stream of doubles: count, sum, mean, min, max and variance.
 *
 * <p>Mean and variance use Welford's update, which stays accurate where the textbook {@code sum(x²) - n·mean²}
 * cancels catastrophically (a pressure of 1013.25 ± 0.01, say). For each new value x:
 * {@code n += 1; d = x - mean; mean += d / n; m2 += d * (x - mean)}; the sample variance is {@code m2 / (n - 1)}.
 * Two summaries merge with Chan et al.'s formula, so partial states can be combined in any order.
 *
 * <p>Example: 20, 22, 27 → count 3, sum 69, mean 23, min 20, max 27, m2 = 9 + 1 + 16 = 26,
 * sample variance 13, sample standard deviation ≈ 3.606.
 *
 * <p>The hot path ({@link #add}) allocates nothing. The state encodes to a fixed {@value #ENCODED_SIZE} bytes so it
 * can live in a state store. Mutable and not thread-safe.
 */
public final class RunningStats {

    /** Size of the fixed-width layout of window-state v1 and v2 in bytes. */
    public static final int ENCODED_SIZE = 6 * Long.BYTES;

    private long count;
    private double sum;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public void add(double x) {
        count++;
        sum += x;
        double delta = x - mean;
        mean += delta / count;
        m2 += delta * (x - mean);
        if (x < min) min = x;
        if (x > max) max = x;
    }

    /** Folds {@code other} into this summary, as if its values had been added here. */
    public void merge(RunningStats other) {
        if (other.count == 0) {
            return;
        }
        if (count == 0) {
            copyFrom(other);
            return;
        }
        long n = count + other.count;
        double delta = other.mean - mean;
        mean += delta * other.count / n;
        m2 += other.m2 + delta * delta * ((double) count * other.count / n);
        count = n;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    /** Arithmetic mean; NaN when empty. */
    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** Smallest value; NaN when empty. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** Largest value; NaN when empty. */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    /** Sample variance {@code m2 / (n - 1)} (pandas' default); 0 for a single value, NaN when empty. */
    public double sampleVariance() {
        if (count == 0) return Double.NaN;
        return count == 1 ? 0.0 : Math.max(0.0, m2 / (count - 1));
    }

    /** Sample standard deviation, the square root of {@link #sampleVariance()}. */
    public double sampleStddev() {
        return Math.sqrt(sampleVariance());
    }

    /**
     * Writes the state compactly: the count as a varint, sum, mean and M2 as doubles (bit for bit), min and max as
     * {@link CompactEncoding short decimals}: ~30 bytes for a sensor's two-decimal readings instead of 48.
     */
    public void encodeCompact(ByteBuffer out) {
        CompactEncoding.putVarint(out, count);
        out.putDouble(sum).putDouble(mean).putDouble(m2);
        CompactEncoding.putDecimal(out, min);
        CompactEncoding.putDecimal(out, max);
    }

    /** At least the bytes {@link #encodeCompact} writes. */
    public static int maxCompactSize() {
        return 10 + 3 * Double.BYTES + 2 * (1 + Double.BYTES);
    }

    /** Reads state written by {@link #encodeCompact}, replacing this summary's. */
    public void decodeCompact(ByteBuffer in) {
        count = CompactEncoding.readVarint(in);
        sum = in.getDouble();
        mean = in.getDouble();
        m2 = in.getDouble();
        min = CompactEncoding.readDecimal(in);
        max = CompactEncoding.readDecimal(in);
    }

    /** Reads the fixed-width layout of window-state v1 and v2 ({@value #ENCODED_SIZE} bytes), replacing this summary's. */
    public void decode(ByteBuffer in) {
        count = in.getLong();
        sum = in.getDouble();
        mean = in.getDouble();
        m2 = in.getDouble();
        min = in.getDouble();
        max = in.getDouble();
    }

    private void copyFrom(RunningStats o) {
        count = o.count;
        sum = o.sum;
        mean = o.mean;
        m2 = o.m2;
        min = o.min;
        max = o.max;
    }
}
