package io.sensorstream.app.config;

import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.Detector;
import io.sensorstream.core.detect.DetectorSet;
import io.sensorstream.core.detect.EwmaZScoreDetector;
import io.sensorstream.core.detect.FlatlineDetector;
import io.sensorstream.core.detect.JumpDetector;
import io.sensorstream.core.detect.RandomCutForestDetector;
import io.sensorstream.core.detect.RangeDetector;
import io.sensorstream.core.detect.RateOfChangeDetector;
import io.sensorstream.core.detect.RobustMadDetector;
import io.sensorstream.core.detect.RollingZScoreDetector;
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
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, as read from YAML and the environment by {@link ConfigLoader}. Every key is documented in
 * {@code sensorstream-defaults.yaml} and the README.
 */
public record SensorstreamConfig(String applicationId, String bootstrapServers, TopicsConfig topics, InputConfig input,
                                 WindowConfig window, StatisticsConfig statistics, DetectConfig detect,
                                 ProcessingConfig processing, HttpConfig http, Map<String, String> kafka) {

    public record TopicsConfig(String raw, String aggregated, String alerts, String alertEvents, String deadLetter, String late,
                               boolean create, int partitions, short replicationFactor, Map<String, String> configs) {
        public TopicsConfig {
            configs = configs == null ? Map.of() : Map.copyOf(configs);
        }
    }

    public record MetricConfig(String name, String field, Double min, Double max, Boolean required) {
    }

    public record InputConfig(String sensorIdField, String valueField, double minValue, double maxValue,
                              List<MetricConfig> extraMetrics, List<String> tags, String timestampField,
                              String timestampFormat, Duration maxFuture) {
    }

    public record AdditionalWindow(String kind, Duration size, Duration advance, Duration gap) {
    }

    public record WindowConfig(Duration size, Duration advance, List<AdditionalWindow> additional,
                               Duration watermarkDelay, Duration allowedLateness, Duration earlyInterval,
                               Duration idleTimeout) {
    }

    public record StatisticsConfig(List<Double> percentiles) {
    }

    /**
     * The seed's jump alert, and the detector suite: which detectors run, their parameters, the alert lifecycle, and
     * per sensor-id overrides (each already merged over these defaults by {@link ConfigLoader}).
     */
    public record DetectConfig(boolean jumpEnabled, double jumpThreshold, List<String> detectors, Duration silentAfter,
                               int clearAfter, Duration cooldown, RangeParams range, RateParams rate, EwmaParams ewma,
                               RollingParams zscore, RollingParams mad, FlatlineParams flatline, RcfParams rcf,
                               List<DetectOverride> overrides) {
        public DetectConfig {
            detectors = detectors == null ? List.of() : List.copyOf(detectors);
            overrides = overrides == null ? List.of() : List.copyOf(overrides);
        }
    }

    /** Detector settings for the sensors whose id matches the glob {@code sensors}. */
    public record DetectOverride(String sensors, DetectConfig detect) {
    }

    public record RangeParams(double min, double max) {
    }

    public record RateParams(double maxPerSecond) {
    }

    public record EwmaParams(double alpha, double threshold, int warmup, double minStddev) {
    }

    public record RollingParams(int window, double threshold, double minSpread) {
    }

    public record FlatlineParams(double epsilon, int readings) {
    }

    public record RcfParams(int shingleSize, int trees, int sampleSize, int warmup, double anomalyRate, long seed,
                            int sampleEvery, double minScore, boolean multiMetric) {
    }

    public record ProcessingConfig(String guarantee, String stateStore, String stateDir, int threads, Duration sensorTtl,
                                   boolean repartition) {
    }

    /** The topic through which readings are re-keyed by sensor id when {@code processing.repartition} is on. */
    public String repartitionTopic() {
        return applicationId + "-readings-by-sensor";
    }

    public record HttpConfig(boolean enabled, String host, int port) {
    }

    /** The topology's view of this configuration; fails with a one-line message on inconsistent values. */
    public PipelineSettings pipelineSettings() {
        try {
            Topics t = new Topics(topics.raw(), topics.aggregated(), topics.alerts(), topics.deadLetter(), topics.late(),
                    topics.alertEvents());
            boolean persistent = switch (processing.stateStore()) {
                case "rocksdb" -> true;
                case "memory" -> false;
                default -> throw new ConfigException("processing.state-store must be 'rocksdb' or 'memory', got '"
                        + processing.stateStore() + "'");
            };
            AnalyticsSpec spec = new AnalyticsSpec(readingFormat(), windows(), nonNegative("window.watermark-delay", window.watermarkDelay()),
                    nonNegative("window.allowed-lateness", window.allowedLateness()),
                    nonNegative("window.early-interval", window.earlyInterval()), detect.jumpEnabled(),
                    detect.jumpThreshold(), statistics.percentiles(), nonNegative("processing.sensor-ttl", processing.sensorTtl()), detectionPlan());
            return new PipelineSettings(t, spec, window.idleTimeout(), persistent,
                    processing.repartition() ? repartitionTopic() : null);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
    }

    /** The detector suite: overrides first (in the order given), then the defaults for every other sensor. */
    public DetectionPlan detectionPlan() {
        int metrics = 1 + input.extraMetrics().size();
        List<DetectorSet> sets = new ArrayList<>();
        for (DetectOverride o : detect.overrides()) {
            if (o.sensors() == null || o.sensors().isBlank()) {
                throw new ConfigException("detect.overrides: each override needs 'sensors', a glob on sensor ids such as boiler-*");
            }
            sets.add(new DetectorSet(o.sensors(), detectors(o.detect(), "detect.overrides[" + o.sensors() + "]", metrics)));
        }
        sets.add(new DetectorSet("*", detectors(detect, "detect", metrics)));
        if (detect.clearAfter() < 1) {
            throw new ConfigException("detect.clear-after must be >= 1, got " + detect.clearAfter());
        }
        return new DetectionPlan(sets, nonNegative("detect.silent-after", detect.silentAfter()),
                new AlertLifecycle(detect.clearAfter(), nonNegative("detect.cooldown", detect.cooldown())), detect.toString());
    }

    private static List<Detector<?>> detectors(DetectConfig d, String where, int metrics) {
        List<Detector<?>> out = new ArrayList<>();
        for (String name : d.detectors()) {
            try {
                out.add(switch (name) {
                    case "jump" -> new JumpDetector(d.jumpThreshold());
                    case "range" -> new RangeDetector(d.range().min(), d.range().max());
                    case "rate" -> new RateOfChangeDetector(d.rate().maxPerSecond());
                    case "ewma" -> new EwmaZScoreDetector(d.ewma().alpha(), d.ewma().threshold(), d.ewma().warmup(), d.ewma().minStddev());
                    case "zscore" -> new RollingZScoreDetector(d.zscore().window(), d.zscore().threshold(), d.zscore().minSpread());
                    case "mad" -> new RobustMadDetector(d.mad().window(), d.mad().threshold(), d.mad().minSpread());
                    case "flatline" -> new FlatlineDetector(d.flatline().epsilon(), d.flatline().readings());
                    case "rcf" -> new RandomCutForestDetector(new RandomCutForestDetector.Settings(d.rcf().shingleSize(),
                            d.rcf().trees(), d.rcf().sampleSize(), d.rcf().warmup(), d.rcf().anomalyRate(), d.rcf().seed(), d.rcf().sampleEvery(), d.rcf().minScore()),
                            d.rcf().multiMetric() ? metrics : 0);
                    default -> throw new ConfigException(where + ".detectors: unknown detector '" + name
                            + "'; choose from jump, range, rate, ewma, zscore, mad, flatline, rcf");
                });
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + "." + name + ": " + e.getMessage());
            }
        }
        return out;
    }

    private ReadingFormat readingFormat() {
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
