package io.sensorstream.core.stats;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A window's aggregate, frozen at publication: safe to hand to asynchronous consumers (sinks, the dashboard) while the
 * live aggregate keeps changing.
 *
 * @param readings number of readings in the window
 * @param metrics  per metric, in the configured metric order
 * @param tags     the tags of the window's latest reading (empty when none are configured), in key order, so a result
 *                 is encoded the same way by every instance and run
 */
public record WindowSummary(long readings, List<MetricSummary> metrics, Map<String, String> tags) {

    public WindowSummary {
        metrics = List.copyOf(metrics);
        tags = tags.isEmpty() ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(tags)); // by key: the same bytes every run
    }

    public MetricSummary metric(int i) {
        return metrics.get(i);
    }
}
