package io.sensorstream.core.engine;

import java.util.Objects;
import io.sensorstream.core.detect.DetectionPlan;

import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.window.WindowDefinition;
import java.time.Duration;
import java.util.List;

/**
 * What one pipeline computes, independent of where it runs (Kafka Streams or replay).
 *
 * @param format            the input format: sensor id, timestamp, metrics, tags
 * @param windows           the window definitions, computed side by side (at least one)
 * @param watermarkDelayMs  bounded out-of-orderness: watermark = max event time − delay
 * @param allowedLatenessMs how long after a window's end (in watermark time) late readings still update it
 * @param earlyIntervalMs   0 for final results only; otherwise, each time the watermark crosses a multiple of this
 *                          interval, every open window that changed since is published as an early result
 * @param detectJumps       whether to run the seed's jump detector
 * @param jumpThreshold     its threshold
 * @param percentiles       quantiles to report per metric (0.5, 0.95, ...); empty for none (cheaper)
 * @param sensorTtlMs       a sensor silent for this long (in watermark time) has its detector state dropped, so
 *                          state stays bounded while sensors come and go; 0 keeps it forever. Window and session state
 *                          needs no TTL: it is dropped when the window closes (plus the allowed lateness)
 * @param detection         the detector suite with its alert lifecycle (events on their own output)
 */
public record AnalyticsSpec(ReadingFormat format, List<WindowDefinition> windows, long watermarkDelayMs,
                            long allowedLatenessMs, long earlyIntervalMs, boolean detectJumps, double jumpThreshold,
                            List<Double> percentiles, long sensorTtlMs, DetectionPlan detection, boolean deduplicate) {

    /** Without de-duplication (the seed's behaviour: a reading delivered twice counts twice). */
    public AnalyticsSpec(ReadingFormat format, List<WindowDefinition> windows, long watermarkDelayMs, long allowedLatenessMs,
                         long earlyIntervalMs, boolean detectJumps, double jumpThreshold, List<Double> percentiles, long sensorTtlMs,
                         DetectionPlan detection) {
        this(format, windows, watermarkDelayMs, allowedLatenessMs, earlyIntervalMs, detectJumps, jumpThreshold, percentiles,
                sensorTtlMs, detection, false);
    }

    public AnalyticsSpec {
        windows = List.copyOf(windows);
        percentiles = List.copyOf(percentiles);
        if (windows.isEmpty()) throw new IllegalArgumentException("at least one window definition is needed");
        if (windows.stream().map(WindowDefinition::name).distinct().count() != windows.size()) {
            throw new IllegalArgumentException("window names must be unique");
        }
        if (watermarkDelayMs < 0) throw new IllegalArgumentException("watermark delay must be >= 0");
        if (allowedLatenessMs < 0) throw new IllegalArgumentException("allowed lateness must be >= 0");
        if (earlyIntervalMs < 0) throw new IllegalArgumentException("early interval must be >= 0");
        Objects.requireNonNull(detection, "detection");
        if (sensorTtlMs < 0) throw new IllegalArgumentException("sensor TTL must be >= 0");
        for (double p : percentiles) {
            if (!(p > 0 && p < 1)) throw new IllegalArgumentException("percentiles must be in (0, 1), got " + p);
        }
    }

    /** The seed's pipeline: 60 s tumbling windows, 5 s out-of-orderness, jump threshold 5.0, p50/p95/p99. */
    public static AnalyticsSpec seedDefaults() {
        return new AnalyticsSpec(ReadingFormat.seedDefault(), List.of(WindowDefinition.tumbling(Duration.ofSeconds(60))),
                5_000, 0, 0, true, 5.0, List.of(0.5, 0.95, 0.99), 86_400_000L, DetectionPlan.NONE);
    }

    public AnalyticsSpec withWindows(List<WindowDefinition> w) {
        return new AnalyticsSpec(format, w, watermarkDelayMs, allowedLatenessMs, earlyIntervalMs, detectJumps, jumpThreshold, percentiles, sensorTtlMs, detection, deduplicate);
    }

    public AnalyticsSpec withTiming(long delayMs, long latenessMs, long earlyMs) {
        return new AnalyticsSpec(format, windows, delayMs, latenessMs, earlyMs, detectJumps, jumpThreshold, percentiles, sensorTtlMs, detection, deduplicate);
    }

    public AnalyticsSpec withFormat(ReadingFormat f) {
        return new AnalyticsSpec(f, windows, watermarkDelayMs, allowedLatenessMs, earlyIntervalMs, detectJumps, jumpThreshold, percentiles, sensorTtlMs, detection, deduplicate);
    }

    public AnalyticsSpec withPercentiles(List<Double> p) {
        return new AnalyticsSpec(format, windows, watermarkDelayMs, allowedLatenessMs, earlyIntervalMs, detectJumps, jumpThreshold, p, sensorTtlMs, detection, deduplicate);
    }

    public AnalyticsSpec withSensorTtl(long ttlMs) {
        return new AnalyticsSpec(format, windows, watermarkDelayMs, allowedLatenessMs, earlyIntervalMs, detectJumps, jumpThreshold, percentiles, ttlMs, detection, deduplicate);
    }

    public AnalyticsSpec withDetection(DetectionPlan plan) {
        return new AnalyticsSpec(format, windows, watermarkDelayMs, allowedLatenessMs, earlyIntervalMs, detectJumps, jumpThreshold, percentiles, sensorTtlMs, plan, deduplicate);
    }

    /**
     * With {@code on}, a reading whose (sensor id, event time) equals one still waiting for the watermark (event time
     * at or after W) is dropped as a duplicate (the first one wins): at-least-once delivery from MQTT, HTTP retries or
     * producers then counts each reading once. A duplicate arriving after the watermark passed the original is not
     * recognised (it is late, or within the allowed lateness counted again): the bound is the watermark delay.
     */
    public AnalyticsSpec withDeduplication(boolean on) {
        return new AnalyticsSpec(format, windows, watermarkDelayMs, allowedLatenessMs, earlyIntervalMs, detectJumps, jumpThreshold, percentiles, sensorTtlMs, detection, on);
    }

    public AnalyticsSpec withJumps(boolean enabled, double threshold) {
        return new AnalyticsSpec(format, windows, watermarkDelayMs, allowedLatenessMs, earlyIntervalMs, enabled, threshold, percentiles, sensorTtlMs, detection, deduplicate);
    }
}
