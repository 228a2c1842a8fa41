package io.sensorstream.core.state;

import java.nio.ByteBuffer;

/** {@link LastReading} v1: metric count (int), then per metric event time (long) and value (double). */
public final class LastReadingCodec extends VersionedCodec<LastReading> {

    public LastReadingCodec() {
        super("last-reading", 1);
    }

    @Override
    protected void write(LastReading v, BinaryWriter out) {
        out.putInt(v.metricCount());
        for (int i = 0; i < v.metricCount(); i++) {
            out.putLong(v.time(i)).putDouble(v.value(i));
        }
    }

    @Override
    protected LastReading read(int version, ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > 1_000) throw new IllegalArgumentException("metric count " + n);
        LastReading r = new LastReading(n);
        for (int i = 0; i < n; i++) {
            r.set(i, in.getLong(), in.getDouble());
        }
        return r;
    }
}
