package io.sensorstream.core.stats;

import java.util.List;
import java.util.Map;

/**
 * A window's aggregate, frozen at publication: safe to hand to asynchronous consumers (sinks, the dashboard) while the
 * live aggregate keeps changing.
 *
 * @param readings number of readings in the window
 * @param metrics  per metric, in the configured metric order
 * @param tags     the tags of the window's latest reading (empty when none are configured)
 */
public record WindowSummary(long readings, List<MetricSummary> metrics, Map<String, String> tags) {

    public WindowSummary {
        metrics = List.copyOf(metrics);
        tags = Map.copyOf(tags);
    }

    public MetricSummary metric(int i) {
        return metrics.get(i);
    }
}
