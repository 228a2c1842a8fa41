package io.sensorstream.app.config;

import io.sensorstream.app.config.SensorstreamConfig.AdditionalWindow;
import io.sensorstream.app.config.SensorstreamConfig.DetectConfig;
import io.sensorstream.app.config.SensorstreamConfig.DetectOverride;
import io.sensorstream.app.config.SensorstreamConfig.MetricConfig;
import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.Detector;
import io.sensorstream.core.detect.DetectorCatalog;
import io.sensorstream.core.detect.DetectorParams;
import io.sensorstream.core.detect.DetectorSet;
import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.reading.MetricSpec;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.TimestampFormat;
import io.sensorstream.core.window.WindowDefinition;
import io.sensorstream.core.window.WindowSpec;
import io.sensorstream.streams.PipelineSettings;
import io.sensorstream.streams.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds what runs from the configuration: the reading format, window definitions, detector plan and the topology's
 * settings. Every inconsistency is a {@link ConfigException} naming the key.
 */
public final class PipelineAssembly {

    private final SensorstreamConfig config;
    private final DetectorCatalog catalog;

    public PipelineAssembly(SensorstreamConfig config, DetectorCatalog catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    public PipelineAssembly(SensorstreamConfig config) {
        this(config, DetectorCatalog.standard());
    }

    /** Each topic has one kind of record: two keys naming the same topic would mix them (or read the output as input). */
    private static void distinct(SensorstreamConfig.TopicsConfig topics) {
        Map<String, String> seen = new LinkedHashMap<>();
        String[][] named = {{"topics.raw", topics.raw()}, {"topics.aggregated", topics.aggregated()}, {"topics.alerts", topics.alerts()},
                {"topics.alert-events", topics.alertEvents()}, {"topics.dead-letter", topics.deadLetter()}, {"topics.late", topics.late()},
                {"topics.scores", topics.scores()}};
        for (String[] kv : named) {
            if (kv[1].isEmpty() && kv[0].equals("topics.scores")) continue; // off
            String other = seen.putIfAbsent(kv[1], kv[0]);
            if (other != null) {
                throw new ConfigException(kv[0] + " and " + other + " both name topic '" + kv[1] + "': give each its own topic");
            }
        }
    }

    /** The topology's view of the configuration. */
    public PipelineSettings pipelineSettings() {
        try {
            var topics = config.topics();
            Topics t = new Topics(topics.raw(), topics.aggregated(), topics.alerts(), topics.deadLetter(), topics.late(),
                    topics.alertEvents(), topics.scores());
            distinct(topics);
            boolean persistent = switch (config.processing().stateStore()) {
                case "rocksdb" -> true;
                case "memory" -> false;
                default -> throw new ConfigException("processing.state-store must be 'rocksdb' or 'memory', got '"
                        + config.processing().stateStore() + "'");
            };
            var window = config.window();
            var detect = config.detect();
            if (config.processing().commitInterval().isNegative() || config.processing().commitInterval().isZero()) {
                throw new ConfigException("processing.commit-interval must be > 0, got " + config.processing().commitInterval());
            }
            Duration flushAhead = config.processing().flushAhead();
            nonNegative("processing.flush-ahead", flushAhead);
            if (flushAhead.compareTo(config.processing().commitInterval()) >= 0) {
                throw new ConfigException("processing.flush-ahead must be below processing.commit-interval ("
                        + config.processing().commitInterval() + "), got " + flushAhead);
            }
            AnalyticsSpec spec = new AnalyticsSpec(readingFormat(), windows(),
                    nonNegative("window.watermark-delay", window.watermarkDelay()),
                    nonNegative("window.allowed-lateness", window.allowedLateness()),
                    nonNegative("window.early-interval", window.earlyInterval()), detect.jumpEnabled(),
                    detect.jumpThreshold(), config.statistics().percentiles(),
                    nonNegative("processing.sensor-ttl", config.processing().sensorTtl()), detectionPlan(),
                    config.input().deduplicate());
            return new PipelineSettings(t, spec, window.idleTimeout(), persistent,
                    config.processing().repartition() ? config.repartitionTopic() : null);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
    }

    /**
     * The detector suite: overrides first (in the order given), then the defaults for every other sensor. Its
     * signature is built from the canonical parameter values (not from any object's {@code toString}), so stored
     * detector state survives an upgrade exactly when the configuration is the same.
     */
    public DetectionPlan detectionPlan() {
        DetectConfig detect = config.detect();
        int metrics = 1 + config.input().extraMetrics().size();
        List<DetectorSet> sets = new ArrayList<>();
        StringBuilder signature = new StringBuilder("v1");
        for (DetectOverride o : detect.overrides()) {
            if (o.sensors() == null || o.sensors().isBlank()) {
                throw new ConfigException("detect.overrides: each override needs 'sensors', a glob on sensor ids such as boiler-*");
            }
            sets.add(new DetectorSet(o.sensors(), detectors(o.detect(), "detect.overrides[" + o.sensors() + "]", metrics, signature)));
            signature.append("@").append(o.sensors());
        }
        sets.add(new DetectorSet("*", detectors(detect, "detect", metrics, signature)));
        if (detect.clearAfter() < 1) {
            throw new ConfigException("detect.clear-after must be >= 1, got " + detect.clearAfter());
        }
        long silentAfter = nonNegative("detect.silent-after", detect.silentAfter());
        long cooldown = nonNegative("detect.cooldown", detect.cooldown());
        signature.append(";silent-after=").append(silentAfter).append(";clear-after=").append(detect.clearAfter())
                .append(";cooldown=").append(cooldown).append(";metrics=").append(metrics);
        return new DetectionPlan(sets, silentAfter, new AlertLifecycle(detect.clearAfter(), cooldown), signature.toString());
    }

    private List<Detector<?>> detectors(DetectConfig d, String where, int metrics, StringBuilder signature) {
        List<Detector<?>> out = new ArrayList<>();
        d.params().forEach((name, configured) -> {
            try {
                // every section is checked, also of detectors not switched on: a typo must not wait for the day it is
                catalog.create(catalog.params(name, configured), name, metrics);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + "." + name + ": " + e.getMessage());
            }
        });
        signature.append("[");
        for (String name : d.detectors()) {
            if (catalog.find(name).isEmpty()) {
                throw new ConfigException(where + ".detectors: unknown detector '" + name + "'; choose from " + catalog.names());
            }
            try {
                Map<String, Object> configured = name.equals("jump")
                        ? Map.of("threshold", d.jumpThreshold())
                        : d.params().getOrDefault(name, Map.of());
                DetectorParams params = catalog.params(name, configured);
                out.add(catalog.create(params, name, metrics));
                signature.append(params.canonical());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + "." + name + ": " + e.getMessage());
            }
        }
        signature.append("]");
        return out;
    }

    private ReadingFormat readingFormat() {
        var input = config.input();
        List<MetricSpec> metrics = new ArrayList<>();
        metrics.add(MetricSpec.of(input.valueField(), input.minValue(), input.maxValue()));
        for (MetricConfig m : input.extraMetrics()) {
            if (m.name() == null && m.field() == null) {
                throw new ConfigException("input.extra-metrics: each metric needs a name or a field");
            }
            String name = m.name() != null ? m.name() : m.field();
            metrics.add(new MetricSpec(name, m.field() != null ? m.field() : name,
                    m.min() != null ? m.min() : -Double.MAX_VALUE, m.max() != null ? m.max() : Double.MAX_VALUE,
                    m.required() == null || m.required()));
        }
        return new ReadingFormat(input.sensorIdField(), input.timestampField(),
                TimestampFormat.fromCode(input.timestampFormat()), metrics, input.tags(),
                nonNegative("input.max-future", input.maxFuture()));
    }

    private List<WindowDefinition> windows() {
        var window = config.window();
        List<WindowDefinition> all = new ArrayList<>();
        Duration advance = window.advance() == null ? window.size() : window.advance();
        all.add(fixed(window.size(), advance));
        for (AdditionalWindow w : window.additional()) {
            String kind = w.kind() == null ? "" : w.kind();
            switch (kind) {
                case "tumbling" -> all.add(fixed(required(w.size(), "size"), required(w.size(), "size")));
                case "hopping" -> all.add(fixed(required(w.size(), "size"), required(w.advance(), "advance")));
                case "session" -> all.add(WindowDefinition.session(required(w.gap(), "gap")));
                default -> throw new ConfigException("window.additional: kind must be tumbling, hopping or session, got '" + kind + "'");
            }
        }
        return all;
    }

    private static WindowDefinition fixed(Duration size, Duration advance) {
        WindowSpec spec = new WindowSpec(size.toMillis(), advance.toMillis());
        return spec.isTumbling() ? WindowDefinition.tumbling(size) : WindowDefinition.hopping(size, advance);
    }

    private static Duration required(Duration d, String key) {
        if (d == null) {
            throw new ConfigException("window.additional: this window kind needs '" + key + "'");
        }
        return d;
    }

    private static long nonNegative(String key, Duration d) {
        if (d.isNegative()) {
            throw new ConfigException(key + " must be >= 0, got " + d);
        }
        return d.toMillis();
    }
}
