package io.sensorstream.app.pipeline;

import io.sensorstream.app.config.PipelineAssembly;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.streams.PipelineSettings;
import io.sensorstream.streams.processor.CommitCadence;
import io.sensorstream.streams.SensorTopology;
import io.sensorstream.streams.metrics.CommitTimingClients;
import io.sensorstream.streams.metrics.PipelineMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sensorstream topology in a {@link KafkaStreams} client against any Kafka cluster: provisions topics,
 * applies the configuration (Kafka properties passed through last), logs state changes, and closes cleanly so a
 * restart needs no state restore.
 */
public final class ProcessorRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorRunner.class);

    private final SensorstreamConfig config;
    private final PipelineSettings settings;
    private final PipelineMetrics metrics;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private volatile RestoreReporter restores;

    public ProcessorRunner(SensorstreamConfig config, MeterRegistry registry) {
        this.config = config;
        this.settings = new PipelineAssembly(config).pipelineSettings()
                .withCommitCadence(commitCadence(config), config.processing().flushAhead());
        this.metrics = new PipelineMetrics(registry);
    }

    /**
     * Kafka Streams' own {@code commit.interval.ms} while the tasks commit on the {@link CommitCadence}: a safety net.
     * It is measured from Kafka Streams' own last commit (requested commits do not reset it), so it adds a commit every
     * 5 s, which the cadence forecasts and flushes ahead of; it stays below the 10 s transaction timeout Kafka Streams
     * gives exactly-once producers.
     */
    static final Duration COMMIT_SAFETY_NET = CommitCadence.SAFETY_NET;

    /**
     * The commit cadence: {@code processing.commit-interval}, start to start, unless it is {@link #COMMIT_SAFETY_NET}
     * or longer or {@code kafka.commit.interval.ms} is set (then Kafka Streams' own interval, end to start, alone).
     */
    static Duration commitCadence(SensorstreamConfig config) {
        Duration interval = config.processing().commitInterval();
        boolean kafkaStreamsDecides = config.kafka().containsKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)
                || interval.compareTo(COMMIT_SAFETY_NET) >= 0;
        return kafkaStreamsDecides ? Duration.ZERO : interval;
    }

    /** The Kafka Streams properties this runner uses. */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processing().guarantee());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.processing().threads()));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(config.topics().replicationFactor()));
        if (!config.processing().stateDir().isBlank()) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, config.processing().stateDir());
        }
        Duration cadence = commitCadence(config);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                Long.toString((cadence.isZero() ? config.processing().commitInterval() : COMMIT_SAFETY_NET).toMillis()));
        if (!cadence.isZero()) {
            // A stream thread that finds no record ready waits in poll up to poll.ms (Kafka Streams' default 100 ms)
            // and runs no punctuator meanwhile: at 50 000 readings/s the cadence's 10 ms checks ran 40–100 ms late,
            // so the flush ahead fell after the boundary and commits started 36 ms after it (median). Polls as short
            // as the checks: commits start 7 ms after it, jump-alert p99 1 093 → 1 024 ms (mean of seven runs each);
            // the commit's own duration is unchanged (README "Performance")
            p.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(new CommitCadence(cadence).checkEvery().toMillis()));
        }
        p.put(StreamsConfig.consumerPrefix("max.poll.records"), "2000");
        p.put(StreamsConfig.producerPrefix("linger.ms"), "10");
        p.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        // a commit sends every changed sensor's record at once (10 000 at 50 000 readings/s): 16 KB batches made a
        // batch (and an LZ4 frame) every ~16 records; 256 KB batches cut commit time and result latency by ~40 %
        p.put(StreamsConfig.producerPrefix("batch.size"), "262144");
        // every task reads one partition (the input, or with repartition: true its re-keyed copy), so there are no
        // partitions of one task to align in time and nothing to idle for. Kafka Streams' default (0) still runs a
        // per-record check that allocates a set and a builder (and formats a log line when the queue is empty);
        // disabled, that check is a constant: +20 % readings/s in the second half of a 4 M-reading run (README)
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        if (config.http().enabled()) {
            // other instances (and their pages) find this one's HTTP API here: the pipeline page lists every instance
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.http().advertised());
        }
        if (!config.processing().instanceId().isEmpty()) {
            // Kafka Streams appends "-<thread index>" for each stream thread's consumer
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.processing().instanceId());
        }
        p.putAll(config.kafka());
        return p;
    }

    public synchronized ProcessorRunner start() {
        Properties props = streamsProperties();
        KafkaReachability.check(clientProperties(config), KafkaReachability.DEFAULT_TIMEOUT);
        if (config.topics().create()) {
            List<String> topics = new ArrayList<>();
            topics.add(settings.topics().raw());
            topics.addAll(settings.topics().outputs());
            if (settings.repartitionTopic() != null) {
                topics.add(settings.repartitionTopic());
            }
            TopicProvisioner.ensure(props, topics, config.topics().partitions(), config.topics().replicationFactor(),
                    config.topics().configs());
        }
        RetiredStateCheck.check(props, config.applicationId());
        // the producers report each transaction's commit: the end of an exactly-once commit for sensorstream.commit.duration
        streams = new KafkaStreams(SensorTopology.build(settings, metrics), props, new CommitTimingClients(metrics.commits()));
        streams.setStateListener((now, before) -> {
            LOG.info("Processor state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) { // a moment later: the threads publish their tasks after the state change
                CompletableFuture.runAsync(() -> {
                    if (streams.state() == KafkaStreams.State.RUNNING) {
                        LOG.info("Processor owns input partitions {} (standby for {})", partitions(true), partitions(false));
                    }
                }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
            }
        });
        restores = new RestoreReporter(metrics.registry());
        streams.setGlobalStateRestoreListener(restores);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics.registry());
        streams.setUncaughtExceptionHandler(e -> {
            Throwable denied = accessDenied(e);
            if (denied != null) {
                // a new thread would be refused the same way: stop instead of a retry loop
                LOG.error("Kafka refused the processor's credentials or permissions, stopping: {} (check kafka.sasl.* / kafka.ssl.*"
                        + " and the ACLs of the application id '{}')", firstLine(denied), config.applicationId());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.error("Stream thread failed, replacing it: {}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        LOG.info("Starting processor '{}' on {}: windows {}, watermark delay {} ms, allowed lateness {} ms, {}",
                config.applicationId(), config.bootstrapServers(),
                settings.analytics().windows().stream().map(w -> w.name()).toList(),
                settings.analytics().watermarkDelayMs(), settings.analytics().allowedLatenessMs(),
                config.processing().guarantee());
        streams.start();
        return this;
    }

    /** Waits until the client is RUNNING (all tasks assigned and restored). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State s = state();
            if (s == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** State restorations since the start (each store partition's latest), for the pipeline page. */
    public java.util.Collection<RestoreReporter.Progress> restoreProgress() {
        RestoreReporter r = restores;
        return r == null ? List.of() : r.progress();
    }

    /** This instance's stream threads with their tasks; empty before the start. */
    public synchronized java.util.Set<org.apache.kafka.streams.ThreadMetadata> threads() {
        try {
            return streams == null ? java.util.Set.of() : streams.metadataForLocalThreads();
        } catch (RuntimeException e) { // not running (yet)
            return java.util.Set.of();
        }
    }

    /**
     * Every instance of the application with its HTTP address ({@code application.server}, set from
     * {@code http.advertised-address}) and its partitions; empty while unknown.
     */
    public synchronized java.util.Collection<org.apache.kafka.streams.StreamsMetadata> instances() {
        try {
            return streams == null ? List.of() : streams.metadataForAllStreamsClients();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    public PipelineSettings settings() {
        return settings;
    }

    public SensorstreamConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (streams != null) {
            boolean leave = config.processing().leaveGroupOnClose();
            KafkaStreams.State state = streams.state();
            String waitsFor = switch (state) {
                case RUNNING -> "committing in-flight work";
                case REBALANCING -> "the rebalance in progress to end, then committing what was processed";
                case CREATED -> "nothing (not started)";
                default -> "the stream threads to stop";
            };
            LOG.info("Stopping processor in state {}: waiting for {}{} (at most 60 s)", state, waitsFor,
                    leave ? ", then leaving the group" : "");
            boolean stopped = streams.close(CloseOptions.groupMembershipOperation(leave
                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofSeconds(60)));
            if (!stopped) {
                LOG.warn("Processor did not stop within 60 s; exiting anyway (uncommitted work is redone after the restart)");
            }
            streams = null;
            streamsMetrics.close();
        }
    }

    /** The authentication or authorization failure in {@code e}'s causes, or null. */
    public static Throwable accessDenied(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return t;
            }
        }
        return null;
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return t.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }

    /** Client properties (bootstrap plus pass-through security settings) for other clients of the same cluster. */
    public static Properties clientProperties(SensorstreamConfig config) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        config.kafka().forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                p.put(k, v);
            }
        });
        return p;
    }

    /** The input partitions of this instance's active (or standby) tasks, sorted; which partitions moved is in the log. */
    private List<Integer> partitions(boolean active) {
        try {
            TreeSet<Integer> out = new TreeSet<>();
            for (var thread : streams.metadataForLocalThreads()) {
                for (var task : active ? thread.activeTasks() : thread.standbyTasks()) out.add(task.taskId().partition());
            }
            return List.copyOf(out);
        } catch (RuntimeException e) { // never let a log line break a state change
            return List.of();
        }
    }
}
