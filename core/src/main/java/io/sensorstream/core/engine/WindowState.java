package io.sensorstream.core.engine;

import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.stats.MetricStats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The aggregate of one window: per-metric statistics, the number of readings, the tags of the latest reading, and
 * how often a result was published ({@code revision}: -1 before the first, 0 for the final result, then +1 for each
 * update caused by a reading within the allowed lateness).
 */
public final class WindowState {

    private final MetricStats[] metrics;
    private long readings;
    private int revision = -1;
    private Map<String, String> tags = Map.of();
    private long tagsTime = Long.MIN_VALUE;

    public WindowState(int metricCount, boolean withQuantiles) {
        metrics = new MetricStats[metricCount];
        for (int i = 0; i < metricCount; i++) {
            metrics[i] = new MetricStats(withQuantiles);
        }
    }

    private WindowState(MetricStats[] metrics) {
        this.metrics = metrics;
    }

    public void add(Reading r) {
        double[] values = r.values();
        for (int i = 0; i < metrics.length; i++) {
            double v = values[i];
            if (!Double.isNaN(v)) {
                metrics[i].add(v, r.eventTimeMs());
            }
        }
        readings++;
        if (!r.tags().isEmpty() && r.eventTimeMs() >= tagsTime) {
            tags = r.tags();
            tagsTime = r.eventTimeMs();
        }
    }

    /** Folds {@code other} in (session merges). */
    public void merge(WindowState other) {
        for (int i = 0; i < metrics.length; i++) {
            metrics[i].merge(other.metrics[i]);
        }
        readings += other.readings;
        revision = Math.max(revision, other.revision);
        if (other.tagsTime >= tagsTime && !other.tags.isEmpty()) {
            tags = other.tags;
            tagsTime = other.tagsTime;
        }
    }

    public MetricStats metric(int i) {
        return metrics[i];
    }

    public int metricCount() {
        return metrics.length;
    }

    public long readings() {
        return readings;
    }

    public int revision() {
        return revision;
    }

    /** Advances the revision for the next published result and returns it. */
    public int nextRevision() {
        return ++revision;
    }

    public boolean published() {
        return revision >= 0;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public byte[] encode() {
        int size = 4 + 8 + 4 + 8 + 4;
        byte[][] tagBytes = new byte[tags.size() * 2][];
        int t = 0;
        for (Map.Entry<String, String> e : tags.entrySet()) {
            tagBytes[t] = e.getKey().getBytes(StandardCharsets.UTF_8);
            tagBytes[t + 1] = e.getValue().getBytes(StandardCharsets.UTF_8);
            size += 8 + tagBytes[t].length + tagBytes[t + 1].length;
            t += 2;
        }
        for (MetricStats m : metrics) {
            size += m.encodedSize();
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(metrics.length).putLong(readings).putInt(revision).putLong(tagsTime).putInt(tags.size());
        for (byte[] bytes : tagBytes) {
            b.putInt(bytes.length).put(bytes);
        }
        for (MetricStats m : metrics) {
            m.encode(b);
        }
        return b.array();
    }

    public static WindowState decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getInt();
        long readings = b.getLong();
        int revision = b.getInt();
        long tagsTime = b.getLong();
        int tagCount = b.getInt();
        Map<String, String> tags = tagCount == 0 ? Map.of() : new LinkedHashMap<>();
        for (int i = 0; i < tagCount; i++) {
            String k = readString(b);
            tags.put(k, readString(b));
        }
        MetricStats[] metrics = new MetricStats[n];
        for (int i = 0; i < n; i++) {
            metrics[i] = MetricStats.decode(b);
        }
        WindowState s = new WindowState(metrics);
        s.readings = readings;
        s.revision = revision;
        s.tags = tags;
        s.tagsTime = tagsTime;
        return s;
    }

    static String readString(ByteBuffer b) {
        byte[] bytes = new byte[b.getInt()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
