package io.sensorstream.core.state;

import io.sensorstream.core.stats.CompactEncoding;
import java.nio.ByteBuffer;

/**
 * {@link LastReading} v2: metric count (varint), then per metric event time (zigzag varint) and value
 * ({@link CompactEncoding short decimal}): ~11 bytes for one metric instead of 21. v1 (int count, long times, double
 * values) reads as before.
 */
public final class LastReadingCodec extends VersionedCodec<LastReading> {

    public LastReadingCodec() {
        super("last-reading", 2);
    }

    @Override
    protected void write(LastReading v, BinaryWriter out) {
        out.putVarint(v.metricCount());
        for (int i = 0; i < v.metricCount(); i++) {
            out.putZigzag(v.time(i)).putDecimal(v.value(i));
        }
    }

    @Override
    protected LastReading read(int version, ByteBuffer in) {
        long n = version >= 2 ? BinaryWriter.readVarint(in) : in.getInt();
        if (n < 1 || n > 1_000) throw new IllegalArgumentException("metric count " + n);
        LastReading r = new LastReading((int) n);
        for (int i = 0; i < n; i++) {
            if (version >= 2) {
                r.set(i, BinaryWriter.readZigzag(in), CompactEncoding.readDecimal(in));
            } else {
                r.set(i, in.getLong(), in.getDouble());
            }
        }
        return r;
    }
}
