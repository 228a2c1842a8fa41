package io.sensorstream.core.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A sensor's latest value per metric as the detector last saw it (event-time order), with each value's event time.
 * A metric missing from a reading keeps its earlier value.
 */
public final class LastReading {

    final long[] times;
    final double[] values;

    public LastReading(int metricCount) {
        times = new long[metricCount];
        values = new double[metricCount];
        Arrays.fill(times, Long.MIN_VALUE);
        Arrays.fill(values, Double.NaN);
    }

    public long time(int metric) {
        return times[metric];
    }

    public double value(int metric) {
        return values[metric];
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(4 + times.length * 16).putInt(times.length);
        for (int i = 0; i < times.length; i++) {
            b.putLong(times[i]).putDouble(values[i]);
        }
        return b.array();
    }

    public static LastReading decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        LastReading r = new LastReading(b.getInt());
        for (int i = 0; i < r.times.length; i++) {
            r.times[i] = b.getLong();
            r.values[i] = b.getDouble();
        }
        return r;
    }
}
