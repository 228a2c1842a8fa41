package io.sensorstream.core.state;

import io.sensorstream.core.stats.MetricStats;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * {@link WindowState} v2: metric count (int), readings (long), revision (int), tags time (long), tags, then each
 * metric's {@link MetricStats} encoding. v2 (over v1): a metric's quantile sketch may hold its exact values as scaled
 * integers and its t-digest with an open batch ({@code QuantileSketch} kinds 2 and 3); v1 is read as before.
 */
public final class WindowStateCodec extends VersionedCodec<WindowState> {

    public WindowStateCodec() {
        super("window-state", 2);
    }

    @Override
    protected void write(WindowState v, BinaryWriter out) {
        writeState(v, out);
    }

    /** The layout without the version byte (v1 and v2 alike); sessions embed it. */
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
