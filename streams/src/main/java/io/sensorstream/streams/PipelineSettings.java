package io.sensorstream.streams;

import io.sensorstream.core.engine.AnalyticsSpec;
import java.time.Duration;

/**
 * Everything the topology needs to know, independent of how it was configured.
 *
 * @param topics          the topics read and written
 * @param analytics       what is computed: format, windows, watermark delay, lateness, detectors, statistics
 * @param idleTimeout     when a partition has had no input for this long (wall clock), its watermark advances with
 *                        the clock so its windows still close; {@link Duration#ZERO} disables it
 * @param persistentState RocksDB stores when true (survive restarts locally), in-memory stores otherwise; both are
 *                        backed by changelog topics
 */
public record PipelineSettings(Topics topics, AnalyticsSpec analytics, Duration idleTimeout, boolean persistentState) {

    /** The seed's pipeline: 60 s tumbling windows, threshold 5.0, 5 s out-of-orderness, persistent state. */
    public static PipelineSettings seedDefaults() {
        return new PipelineSettings(Topics.defaults(), AnalyticsSpec.seedDefaults(), Duration.ZERO, true);
    }

    public PipelineSettings withAnalytics(AnalyticsSpec a) {
        return new PipelineSettings(topics, a, idleTimeout, persistentState);
    }

    public PipelineSettings withIdleTimeout(Duration d) {
        return new PipelineSettings(topics, analytics, d, persistentState);
    }
}
