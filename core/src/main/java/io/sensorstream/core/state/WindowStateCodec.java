package io.sensorstream.core.state;

import io.sensorstream.core.stats.MetricStats;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * {@link WindowState} v1: metric count (int), readings (long), revision (int), tags time (long), tags, then each
 * metric's {@link MetricStats} encoding.
 */
public final class WindowStateCodec extends VersionedCodec<WindowState> {

    public WindowStateCodec() {
        super("window-state", 1);
    }

    @Override
    protected void write(WindowState v, BinaryWriter out) {
        writeState(v, out);
    }

    /** The v1 layout without the version byte; sessions embed it. */
    static void writeState(WindowState v, BinaryWriter out) {
        out.putInt(v.metricCount()).putLong(v.readings()).putInt(v.revision()).putLong(v.tagsTime()).putTags(v.tags());
        for (int i = 0; i < v.metricCount(); i++) {
            MetricStats m = v.metric(i);
            m.encode(out.reserve(m.encodedSize()));
        }
    }

    @Override
    protected WindowState read(int version, ByteBuffer in) {
        return readState(in);
    }

    static WindowState readState(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > 1_000) throw new IllegalArgumentException("metric count " + n);
        long readings = in.getLong();
        int revision = in.getInt();
        long tagsTime = in.getLong();
        Map<String, String> tags = BinaryWriter.readTags(in);
        MetricStats[] metrics = new MetricStats[n];
        for (int i = 0; i < n; i++) {
            metrics[i] = MetricStats.decode(in);
        }
        return WindowState.restore(metrics, readings, revision, tags, tagsTime);
    }
}
