package io.sensorstream.app.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.sensorstream.app.config.ConfigException;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.config.SensorstreamConfig.SinkConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.pipeline.TopicProvisioner;
import io.sensorstream.connectors.OutputTopicReader;
import io.sensorstream.connectors.alertmanager.AlertmanagerSink;
import io.sensorstream.connectors.files.FilesSink;
import io.sensorstream.connectors.influx.InfluxDbSink;
import io.sensorstream.connectors.redis.RedisSink;
import io.sensorstream.connectors.webhook.WebhookSink;
import io.sensorstream.connectors.postgres.PostgresSink;
import io.sensorstream.connectors.sink.Sink;
import io.sensorstream.connectors.sink.SinkHealth;
import io.sensorstream.connectors.sink.SinkRunner;
import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.format.OutputDecoder;
import io.sensorstream.streams.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The configured sinks ({@code sinks:}), each on its own {@link SinkRunner} thread: used by {@code run} and
 * {@code demo} beside the processor, and alone by {@code sink}. Every entry is checked before anything starts.
 */
public final class SinkServices implements AutoCloseable {

    static final int DEFAULT_BATCH = 5_000;
    static final Duration DEFAULT_WAIT = Duration.ofMillis(500);
    /** How long a files sink keeps a partition's files open at most: results reach the files within about this. */
    static final Duration DEFAULT_ROLL_INTERVAL = Duration.ofMinutes(1);
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    static final String DEFAULT_DEAD_LETTER_TOPIC = "sensor-sink-dlq";

    private final List<SinkRunner> runners;
    private final KafkaProducer<byte[], byte[]> deadLetters;

    private SinkServices(List<SinkRunner> runners, KafkaProducer<byte[], byte[]> deadLetters) {
        this.runners = runners;
        this.deadLetters = deadLetters;
    }

    /** The sinks a configuration asks for, checked (type, settings, secrets) but not started. */
    public static List<Sink> create(SensorstreamConfig config, AnalyticsSpec analytics) {
        List<Sink> sinks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < config.sinks().size(); i++) {
            SinkConfig c = config.sinks().get(i);
            String where = "sinks[" + i + "]";
            if (c.type() == null) {
                throw new ConfigException(where + ".type is missing; one of: postgres, influxdb, redis, files, alertmanager, webhook");
            }
            if (!names.add(c.effectiveName())) {
                throw new ConfigException(where + ": a second sink named '" + c.effectiveName() + "'; give each a distinct name");
            }
            sinks.add(switch (c.type()) {
                case "postgres" -> {
                    if (c.jdbcUrl() == null || !c.jdbcUrl().startsWith("jdbc:postgresql:")) {
                        throw new ConfigException(where + ".jdbc-url must be a PostgreSQL JDBC URL such as "
                                + "jdbc:postgresql://host:5432/database, is " + c.jdbcUrl());
                    }
                    yield new PostgresSink(c.effectiveName(), new PostgresSink.PostgresSettings(c.jdbcUrl(), c.username(),
                            password(c, where)), analytics.format().metricNames(), analytics.percentiles());
                }
                case "files" -> {
                    if (c.path() == null || c.path().isBlank()) {
                        throw new ConfigException(where + ".path is missing: the directory the files sink writes to");
                    }
                    String format = c.format() == null ? "jsonl" : c.format();
                    FilesSink.Format f = switch (format) {
                        case "jsonl" -> FilesSink.Format.JSONL;
                        case "csv" -> FilesSink.Format.CSV;
                        case "parquet" -> FilesSink.Format.PARQUET;
                        default -> throw new ConfigException(where + ".format '" + format + "' is not one of jsonl, csv, parquet");
                    };
                    String compression = c.compression() == null ? "snappy" : c.compression();
                    FilesSink.Compression z = switch (compression) {
                        case "snappy" -> FilesSink.Compression.SNAPPY;
                        case "zstd" -> FilesSink.Compression.ZSTD;
                        case "none" -> FilesSink.Compression.UNCOMPRESSED;
                        default -> throw new ConfigException(where + ".compression '" + compression + "' is not one of snappy, zstd, none");
                    };
                    long rollBytes;
                    try {
                        rollBytes = SensorstreamConfig.bytes(where + ".roll-size", c.rollSize() == null ? "64MB" : c.rollSize());
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(e.getMessage());
                    }
                    Duration rollInterval = c.rollInterval() == null ? DEFAULT_ROLL_INTERVAL : c.rollInterval();
                    if (rollBytes <= 0 || rollInterval.isNegative()) {
                        throw new ConfigException(where + ".roll-size must be > 0 and roll-interval >= 0s");
                    }
                    yield new FilesSink(c.effectiveName(), Path.of(c.path()), new FilesSink.Settings(f, z, rollBytes, rollInterval),
                            analytics.format().metricNames(), analytics.percentiles());
                }
                case "influxdb" -> {
                    if (c.url() == null || !(c.url().startsWith("http://") || c.url().startsWith("https://"))) {
                        throw new ConfigException(where + ".url must be InfluxDB's base URL such as http://influxdb:8086, is " + c.url());
                    }
                    if (c.bucket() != null && !c.bucket().isBlank()) { // InfluxDB 2
                        if (c.org() == null || c.token() == null) {
                            throw new ConfigException(where + ": InfluxDB 2 needs org, bucket and token (token: \"${INFLUX_TOKEN}\")");
                        }
                        yield InfluxDbSink.v2(c.effectiveName(), c.url(), c.org(), c.bucket(), c.token(), analytics.format().metricNames(),
                                analytics.percentiles());
                    }
                    if (c.database() == null || c.database().isBlank()) {
                        throw new ConfigException(where + ".database is missing: the InfluxDB database to write to (or, for "
                                + "InfluxDB 2, org, bucket and token)");
                    }
                    yield new InfluxDbSink(c.effectiveName(), c.url(), c.database(), c.username(), password(c, where),
                            c.createDatabase() == null || c.createDatabase(), analytics.format().metricNames(), analytics.percentiles());
                }
                case "redis" -> {
                    if (c.url() == null || !(c.url().startsWith("redis://") || c.url().startsWith("rediss://"))) {
                        throw new ConfigException(where + ".url must be a Redis URI such as redis://redis:6379/0, is " + c.url());
                    }
                    yield new RedisSink(c.effectiveName(), c.url(), password(c, where), c.streamLength() == null ? 10_000 : c.streamLength());
                }
                case "alertmanager" -> {
                    if (c.url() == null || !(c.url().startsWith("http://") || c.url().startsWith("https://"))) {
                        throw new ConfigException(where + ".url must be Alertmanager's base URL such as http://alertmanager:9093, is "
                                + c.url());
                    }
                    yield new AlertmanagerSink(c.effectiveName(), c.url(), c.labels());
                }
                case "webhook" -> {
                    if (c.url() == null || !(c.url().startsWith("http://") || c.url().startsWith("https://"))) {
                        throw new ConfigException(where + ".url must be an http(s) URL to post alert events to, is " + c.url());
                    }
                    yield new WebhookSink(c.effectiveName(), c.url(), c.headers());
                }
                default -> throw new ConfigException(where + ".type '" + c.type() + "' is not a sink type; one of: postgres, influxdb, "
                        + "redis, files, alertmanager, webhook");
            });
        }
        return sinks;
    }

    private static String password(SinkConfig c, String where) {
        if (c.passwordFile() == null || c.passwordFile().isBlank()) {
            return c.password();
        }
        if (c.password() != null && !c.password().isBlank()) {
            throw new ConfigException(where + ": set password or password-file, not both");
        }
        try {
            return Files.readString(Path.of(c.passwordFile())).strip();
        } catch (IOException e) {
            throw new ConfigException(where + ".password-file: cannot read " + c.passwordFile() + " (" + e.getMessage() + ")");
        }
    }

    /** Starts one runner per configured sink; none when the configuration has no {@code sinks}. */
    public static SinkServices start(SensorstreamConfig config, AnalyticsSpec analytics, Topics topics, MeterRegistry registry) {
        List<Sink> sinks = create(config, analytics);
        if (sinks.isEmpty()) {
            return new SinkServices(List.of(), null);
        }
        Properties client = ProcessorRunner.clientProperties(config);
        if (config.topics().create()) {
            TopicProvisioner.ensure(client, config.sinks().stream()
                            .map(c -> c.deadLetterTopic() == null ? DEFAULT_DEAD_LETTER_TOPIC : c.deadLetterTopic()).distinct().toList(),
                    config.topics().partitions(), config.topics().replicationFactor(), config.topics().configs());
        }
        Properties producer = new Properties();
        producer.putAll(client);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        KafkaProducer<byte[], byte[]> deadLetters = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
        OutputDecoder decoder = new OutputDecoder(analytics.format().metricNames(), analytics.percentiles());
        List<SinkRunner> runners = new ArrayList<>();
        for (int i = 0; i < sinks.size(); i++) {
            Sink sink = sinks.get(i);
            SinkConfig c = config.sinks().get(i);
            int batch = c.batchSize() == null ? DEFAULT_BATCH : c.batchSize();
            Duration wait = c.batchWait() == null ? DEFAULT_WAIT : c.batchWait();
            Properties consumer = new Properties();
            consumer.putAll(client);
            consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(batch));
            consumer.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(Math.min(wait.toMillis(), 500)));
            String group = config.applicationId() + "-sink-" + sink.name();
            String[] read = sink instanceof AlertmanagerSink || sink instanceof WebhookSink ? new String[] {topics.alertEvents()}
                    : sink instanceof RedisSink ? new String[] {topics.aggregated(), topics.alertEvents()}
                    : new String[] {topics.aggregated(), topics.alerts(), topics.alertEvents()};
            runners.add(new SinkRunner(sink, () -> OutputTopicReader.builder(consumer, decoder)
                    .decoded(read)
                    .group(group).pollTimeout(wait).build(), deadLetters,
                    c.deadLetterTopic() == null ? DEFAULT_DEAD_LETTER_TOPIC : c.deadLetterTopic(), Duration.ofMillis(200),
                    c.maxBackoff() == null ? DEFAULT_MAX_BACKOFF : c.maxBackoff(), registry).start());
        }
        return new SinkServices(runners, deadLetters);
    }

    public List<SinkHealth> health() {
        return runners.stream().map(SinkRunner::health).toList();
    }

    public boolean isEmpty() {
        return runners.isEmpty();
    }

    @Override
    public void close() {
        runners.forEach(SinkRunner::close);
        if (deadLetters != null) {
            deadLetters.close(Duration.ofSeconds(5));
        }
    }
}
