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
 * @param repartitionTopic null when the input is keyed by sensor id (the seed's producer does so); otherwise readings
 *                        are first re-keyed by their sensor id through this topic, so each sensor's readings meet in
 *                        one task whatever the producer's key
 * @param commitCadence   &gt; 0: the tasks request commits at every multiple of this wall-clock interval
 *                        ({@link io.sensorstream.streams.processor.CommitCadence}); {@link Duration#ZERO}: Kafka
 *                        Streams' own {@code commit.interval.ms} alone decides
 * @param flushAhead      with a commit cadence: how long before each commit the tasks write their changed state, so
 *                        the commit itself has less to send; {@link Duration#ZERO}: only at the commit
 */
public record PipelineSettings(Topics topics, AnalyticsSpec analytics, Duration idleTimeout, boolean persistentState,
                               String repartitionTopic, Duration commitCadence, Duration flushAhead) {

    public PipelineSettings(Topics topics, AnalyticsSpec analytics, Duration idleTimeout, boolean persistentState) {
        this(topics, analytics, idleTimeout, persistentState, null);
    }

    public PipelineSettings(Topics topics, AnalyticsSpec analytics, Duration idleTimeout, boolean persistentState,
                            String repartitionTopic) {
        this(topics, analytics, idleTimeout, persistentState, repartitionTopic, Duration.ZERO, Duration.ZERO);
    }

    /** The seed's pipeline: 60 s tumbling windows, threshold 5.0, 5 s out-of-orderness, persistent state. */
    public static PipelineSettings seedDefaults() {
        return new PipelineSettings(Topics.defaults(), AnalyticsSpec.seedDefaults(), Duration.ZERO, false);
    }

    public PipelineSettings withAnalytics(AnalyticsSpec a) {
        return new PipelineSettings(topics, a, idleTimeout, persistentState, repartitionTopic, commitCadence, flushAhead);
    }

    public PipelineSettings withIdleTimeout(Duration d) {
        return new PipelineSettings(topics, analytics, d, persistentState, repartitionTopic, commitCadence, flushAhead);
    }

    public PipelineSettings withRepartitionTopic(String topic) {
        return new PipelineSettings(topics, analytics, idleTimeout, persistentState, topic, commitCadence, flushAhead);
    }

    public PipelineSettings withCommitCadence(Duration cadence) {
        return withCommitCadence(cadence, Duration.ZERO);
    }

    public PipelineSettings withCommitCadence(Duration cadence, Duration flushAhead) {
        return new PipelineSettings(topics, analytics, idleTimeout, persistentState, repartitionTopic, cadence, flushAhead);
    }
}
