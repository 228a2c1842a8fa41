package io.sensorstream.core.engine;

import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.state.AnalyticsState;
import io.sensorstream.core.time.Watermark;
import io.sensorstream.core.window.WindowDefinition;

/**
 * The analytics of one input partition, in three stages driven by one watermark. Start reading here.
 *
 * <ul>
 *   <li>{@link FixedWindowStage}: tumbling and hopping windows, lateness updates, early results;</li>
 *   <li>{@link SessionWindowStage}: session windows;</li>
 *   <li>{@link DetectionStage}: the pending buffer that puts readings in event-time order, the seed's jump rule, the
 *       detector suite with silent sensors, and the sensor TTL.</li>
 * </ul>
 *
 * <p>Per reading at event time {@code t} with watermark {@code W} (before the reading):
 * <ol>
 *   <li>With de-duplication on, a reading whose (sensor id, {@code t}) is still pending ({@code t >= W}) goes to
 *       {@link AnalyticsOutput#duplicate} and stops here.</li>
 *   <li>Each window definition offers it to its stage. If no window took it, it is late and goes to
 *       {@link AnalyticsOutput#late}, with the reason of the last definition that refused it.</li>
 *   <li>The detection stage takes it: it waits until {@code t < W}, or is checked at once when already behind.</li>
 *   <li>When {@code W} advances: release pending readings and fire silent sensors, publish early results if due,
 *       publish final results of windows with {@code end <= W} (sessions: {@code last + gap < W}), drop state past its
 *       lateness, and expire sensors past their TTL.</li>
 * </ol>
 *
 * <p>Pure Java and deterministic: the same readings in the same order give the same outputs, whether the state tables
 * are Kafka Streams stores or hash maps (replay). State lives in {@link AnalyticsState}; everything the stages keep
 * besides is an index derived from it and rebuilt on construction, so a restarted instance continues exactly where
 * the restored tables left off. Not thread-safe.
 */
public final class PartitionAnalytics {

    private final AnalyticsSpec spec;
    private final AnalyticsState state;
    private final AnalyticsOutput out;
    private final WindowDefinition[] definitions;
    private final Watermark watermark;
    private final FixedWindowStage fixed;
    private final SessionWindowStage sessions;
    private final DetectionStage detection;

    public PartitionAnalytics(AnalyticsSpec spec, AnalyticsState state, AnalyticsOutput out) {
        this.spec = spec;
        this.state = state;
        this.out = out;
        this.definitions = spec.windows().toArray(new WindowDefinition[0]);
        this.watermark = new Watermark(spec.watermarkDelayMs());
        Long max = state.progress().get(AnalyticsState.MAX_EVENT_TIME);
        if (max != null) {
            watermark.restore(max);
        }
        Publisher publisher = new Publisher(out, spec.percentiles().stream().mapToDouble(Double::doubleValue).toArray());
        this.fixed = new FixedWindowStage(spec, state.windows(), publisher);
        this.sessions = new SessionWindowStage(spec, state.sessions(), publisher);
        this.detection = new DetectionStage(spec, state, out, watermark.current());
    }

    public AnalyticsSpec spec() {
        return spec;
    }

    /** The current watermark, {@link Long#MIN_VALUE} before any reading. */
    public long watermark() {
        return watermark.current();
    }

    /** The largest event time seen (or advanced to), {@link Long#MIN_VALUE} before any. */
    public long maxEventTime() {
        return watermark.maxEventTimeMs();
    }

    /** Number of readings waiting for the watermark. */
    public int pendingCount() {
        return detection.pendingCount();
    }

    /** Processes one valid reading. Readings with equal event times keep the order they are offered in. */
    public void onReading(Reading r) {
        long w = watermark.current();
        if (spec.deduplicate() && detection.isDuplicate(r, w)) {
            out.duplicate(r);
            return;
        }
        boolean accepted = false;
        LateReading late = null;
        for (int d = 0; d < definitions.length; d++) {
            LateReading refused = definitions[d] instanceof WindowDefinition.Fixed
                    ? fixed.add(d, r, w)
                    : sessions.add(d, r, w);
            if (refused == null) {
                accepted = true;
            } else {
                late = refused;
            }
        }
        if (!accepted) {
            out.late(r, late);
            return;
        }
        detection.onReading(r, w);
        if (watermark.observe(r.eventTimeMs())) {
            onWatermarkAdvanced(w);
        } else if (w != Long.MIN_VALUE) {
            closeDue(w);
        }
    }

    /**
     * Moves event time forward without a reading, as if one at {@code eventTimeMs} had arrived: used by the idle
     * timeout (a quiet partition's watermark follows the clock) and by replay's flush at end of input.
     */
    public void advanceTo(long eventTimeMs) {
        long before = watermark.current();
        if (watermark.observe(eventTimeMs)) {
            onWatermarkAdvanced(before);
        }
    }

    private void onWatermarkAdvanced(long previous) {
        state.progress().put(AnalyticsState.MAX_EVENT_TIME, watermark.maxEventTimeMs());
        long w = watermark.current();
        detection.onWatermark(w);
        fixed.publishEarlyIfDue(previous, w);
        closeDue(w);
        detection.expireIfDue(w);
    }

    private void closeDue(long w) {
        fixed.closeDue(w);
        sessions.closeDue(w);
    }
}
