package io.sensorstream.app.config;

import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.window.WindowSpec;
import io.sensorstream.streams.PipelineSettings;
import io.sensorstream.streams.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * The whole configuration, as read from YAML and the environment by {@link ConfigLoader}. Every key is documented in
 * {@code sensorstream-defaults.yaml} and the README.
 */
public record SensorstreamConfig(String applicationId, String bootstrapServers, TopicsConfig topics, InputConfig input,
                                 WindowConfig window, DetectConfig detect, ProcessingConfig processing, HttpConfig http,
                                 Map<String, String> kafka) {

    public record TopicsConfig(String raw, String aggregated, String alerts, String deadLetter, String late,
                               boolean create, int partitions, short replicationFactor) {
    }

    public record InputConfig(String sensorIdField, String valueField, String timestampField, double minValue,
                              double maxValue) {
    }

    public record WindowConfig(Duration size, Duration advance, Duration watermarkDelay) {
    }

    public record DetectConfig(double jumpThreshold) {
    }

    public record ProcessingConfig(String guarantee, String stateStore, String stateDir, int threads) {
    }

    public record HttpConfig(boolean enabled, String host, int port) {
    }

    /** The topology's view of this configuration; fails with a one-line message on inconsistent values. */
    public PipelineSettings pipelineSettings() {
        Topics t = new Topics(topics.raw(), topics.aggregated(), topics.alerts(), topics.deadLetter(), topics.late());
        ReadingFormat format = new ReadingFormat(input.sensorIdField(), input.valueField(), input.timestampField(),
                input.minValue(), input.maxValue());
        Duration advance = window.advance() == null ? window.size() : window.advance();
        WindowSpec spec = new WindowSpec(window.size().toMillis(), advance.toMillis());
        boolean persistent = switch (processing.stateStore()) {
            case "rocksdb" -> true;
            case "memory" -> false;
            default -> throw new ConfigException("processing.state-store must be 'rocksdb' or 'memory', got '"
                    + processing.stateStore() + "'");
        };
        if (window.watermarkDelay().isNegative()) {
            throw new ConfigException("window.watermark-delay must be >= 0, got " + window.watermarkDelay());
        }
        return new PipelineSettings(t, format, spec, window.watermarkDelay(), detect.jumpThreshold(), persistent);
    }
}
