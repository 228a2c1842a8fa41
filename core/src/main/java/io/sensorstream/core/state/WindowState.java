package io.sensorstream.core.state;

import java.util.List;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.stats.MetricStats;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
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

    /** An immutable copy for publication: what a consumer sees can never change under it. */
    public WindowSummary summary(double[] percentiles) {
        MetricSummary[] out = new MetricSummary[metrics.length];
        for (int i = 0; i < metrics.length; i++) {
            out[i] = metrics[i].summary(percentiles);
        }
        return new WindowSummary(readings, List.of(out), tags);
    }

    // ---- for WindowStateCodec ----

    long tagsTime() {
        return tagsTime;
    }

    static WindowState restore(MetricStats[] metrics, long readings, int revision, Map<String, String> tags, long tagsTime) {
        WindowState s = new WindowState(metrics);
        s.readings = readings;
        s.revision = revision;
        s.tags = tags;
        s.tagsTime = tagsTime;
        return s;
    }
}
