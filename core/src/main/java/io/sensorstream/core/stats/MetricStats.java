package io.sensorstream.core.stats;

import java.util.List;
import java.nio.ByteBuffer;

/**
 * Everything sensorstream reports about one metric in one window: the {@link RunningStats} moments, the first and
 * last values in event time, the rate of change between them, and optionally quantiles.
 *
 * <p>Rate of change is {@code (last − first) / ((lastTime − firstTime) / 1000)} per second, NaN when the window has
 * a single instant. Example: 20.0 at 10:00:00 and 23.0 at 10:00:30 → 0.1 per second. "First" is the earliest event
 * time (the earlier arrival on a tie), "last" the latest (the later arrival on a tie), so the result does not depend
 * on arrival order within the watermark delay.
 *
 * <p>Mergeable (for session windows) and encodable for state stores. Mutable, not thread-safe.
 */
public final class MetricStats {

    private final RunningStats moments = new RunningStats();
    private double first = Double.NaN;
    private long firstTime = Long.MAX_VALUE;
    private double last = Double.NaN;
    private long lastTime = Long.MIN_VALUE;
    private QuantileSketch quantiles;

    /** @param withQuantiles whether to keep a {@link QuantileSketch} */
    public MetricStats(boolean withQuantiles) {
        this.quantiles = withQuantiles ? new QuantileSketch() : null;
    }

    public void add(double x, long eventTimeMs) {
        moments.add(x);
        if (eventTimeMs < firstTime) {
            firstTime = eventTimeMs;
            first = x;
        }
        if (eventTimeMs >= lastTime) {
            lastTime = eventTimeMs;
            last = x;
        }
        if (quantiles != null) {
            quantiles.add(x);
        }
    }

    public void merge(MetricStats other) {
        moments.merge(other.moments);
        if (other.firstTime < firstTime) {
            firstTime = other.firstTime;
            first = other.first;
        }
        if (other.lastTime >= lastTime && other.moments.count() > 0) {
            lastTime = other.lastTime;
            last = other.last;
        }
        if (quantiles != null && other.quantiles != null) {
            quantiles.merge(other.quantiles);
        }
    }

    public RunningStats moments() {
        return moments;
    }

    public long count() {
        return moments.count();
    }

    public double first() {
        return first;
    }

    public double last() {
        return last;
    }

    public long firstTime() {
        return firstTime;
    }

    public long lastTime() {
        return lastTime;
    }

    public double ratePerSecond() {
        if (moments.count() < 2 || lastTime == firstTime) {
            return Double.NaN;
        }
        return (last - first) / ((lastTime - firstTime) / 1000.0);
    }

    /** The {@code p}-quantile, or NaN without a sketch or values. */
    public double quantile(double p) {
        return quantiles == null ? Double.NaN : quantiles.quantile(p);
    }

    public boolean hasQuantiles() {
        return quantiles != null;
    }

    /** A frozen copy, with the {@code percentiles} (NaN without a sketch). */
    public MetricSummary summary(double[] percentiles) {
        Double[] q = new Double[quantiles == null ? 0 : percentiles.length];
        if (quantiles != null) {
            double[] values = quantiles.quantiles(percentiles); // one sort for all percentiles
            for (int i = 0; i < q.length; i++) q[i] = values[i];
        }
        long n = moments.count();
        return new MetricSummary(n, n == 0 ? Double.NaN : moments.sum(), moments.mean(), moments.min(), moments.max(),
                moments.sampleStddev(), first, last, ratePerSecond(), List.of(q));
    }

    /**
     * Writes the state compactly (window-state v3): {@link RunningStats#encodeCompact the moments}, first and last as
     * {@link CompactEncoding short decimals}, the first time as a zigzag varint and the last as its distance from the
     * first, then the quantile flag and sketch: ~45 bytes before the sketch for two-decimal readings instead of 81.
     */
    public void encodeCompact(ByteBuffer out) {
        moments.encodeCompact(out);
        CompactEncoding.putDecimal(out, first);
        CompactEncoding.putDecimal(out, last);
        CompactEncoding.putVarint(out, CompactEncoding.zigzag(firstTime));
        CompactEncoding.putVarint(out, CompactEncoding.zigzag(lastTime - firstTime)); // wraps for an empty window; so does the read
        out.put((byte) (quantiles == null ? 0 : 1));
        if (quantiles != null) {
            quantiles.encode(out);
        }
    }

    /** At least the bytes {@link #encodeCompact} writes, found without encoding: room to reserve. */
    public int maxCompactSize() {
        return RunningStats.maxCompactSize() + 2 * (1 + Double.BYTES) + 2 * 10 + 1 + (quantiles == null ? 0 : quantiles.maxEncodedSize());
    }

    /** Reads what {@link #encodeCompact} writes. */
    public static MetricStats decodeCompact(ByteBuffer in) {
        MetricStats s = new MetricStats(false);
        s.moments.decodeCompact(in);
        s.first = CompactEncoding.readDecimal(in);
        s.last = CompactEncoding.readDecimal(in);
        s.firstTime = CompactEncoding.unzigzag(CompactEncoding.readVarint(in));
        s.lastTime = s.firstTime + CompactEncoding.unzigzag(CompactEncoding.readVarint(in));
        if (in.get() == 1) {
            s.quantiles = QuantileSketch.decode(in);
        }
        return s;
    }

    /** Reads the fixed-width layout of window-state v1 and v2 (moments, first, first time, last, last time, sketch). */
    public static MetricStats decode(ByteBuffer in) {
        MetricStats s = new MetricStats(false);
        s.moments.decode(in);
        s.first = in.getDouble();
        s.firstTime = in.getLong();
        s.last = in.getDouble();
        s.lastTime = in.getLong();
        if (in.get() == 1) {
            s.quantiles = QuantileSketch.decode(in);
        }
        return s;
    }
}
