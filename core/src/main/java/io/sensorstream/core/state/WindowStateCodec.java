package io.sensorstream.core.state;

import io.sensorstream.core.stats.MetricStats;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * {@link WindowState} v3: metric count, readings (varints), revision, tags time (a presence byte, then a zigzag
 * varint), tags (varint count, short strings), then each metric's {@link MetricStats#encodeCompact compact encoding}
 * (varints and short decimals), whose exact quantile values are sorted gaps ({@code QuantileSketch} kind 4). v3 (over v2: int, long, int, long, int-prefixed tags; exact
 * values as raw shorts or ints in arrival order, kind 2) halves a 1 min window of a 5 Hz sensor. v2 reads as before
 * (its values sorted on load), and v1 (exact values as doubles).
 */
public final class WindowStateCodec extends VersionedCodec<WindowState> {

    /** The version whose layout {@link #writeState} writes. */
    static final int LAYOUT = 3;

    public WindowStateCodec() {
        super("window-state", LAYOUT);
    }

    @Override
    protected void write(WindowState v, BinaryWriter out) {
        writeState(v, out);
    }

    /** The layout of {@link #LAYOUT} without the version byte; sessions embed it. */
    static void writeState(WindowState v, BinaryWriter out) {
        out.putVarint(v.metricCount()).putVarint(v.readings()).putZigzag(v.revision());
        if (v.tagsTime() == Long.MIN_VALUE) {
            out.putByte(0);
        } else {
            out.putByte(1).putZigzag(v.tagsTime());
        }
        out.putShortTags(v.tags());
        for (int i = 0; i < v.metricCount(); i++) {
            MetricStats m = v.metric(i);
            out.putEncoded(m.maxCompactSize(), m::encodeCompact);
        }
    }

    @Override
    protected WindowState read(int version, ByteBuffer in) {
        return readState(version, in);
    }

    /** Reads the layout of {@code version} (1 and 2 share one header; v1's exact values are doubles). */
    static WindowState readState(int version, ByteBuffer in) {
        long n;
        long readings;
        int revision;
        long tagsTime;
        Map<String, String> tags;
        if (version >= 3) {
            n = BinaryWriter.readVarint(in);
            readings = BinaryWriter.readVarint(in);
            revision = (int) BinaryWriter.readZigzag(in);
            tagsTime = in.get() == 0 ? Long.MIN_VALUE : BinaryWriter.readZigzag(in);
            tags = BinaryWriter.readShortTags(in);
        } else {
            n = in.getInt();
            readings = in.getLong();
            revision = in.getInt();
            tagsTime = in.getLong();
            tags = BinaryWriter.readTags(in);
        }
        if (n < 0 || n > 1_000) throw new IllegalArgumentException("metric count " + n);
        MetricStats[] metrics = new MetricStats[(int) n];
        for (int i = 0; i < n; i++) {
            metrics[i] = version >= 3 ? MetricStats.decodeCompact(in) : MetricStats.decode(in);
        }
        return WindowState.restore(metrics, readings, revision, tags, tagsTime);
    }
}
