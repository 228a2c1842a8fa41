package io.sensorstream.connectors.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.sensorstream.connectors.OutputTopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Sink}: reads the output topics in the sink's consumer group ({@code read_committed}), writes each
 * polled batch, and only then commits its offsets, so a crash anywhere replays at most the last batch, which the
 * sink's idempotent writes absorb.
 *
 * <p>Failures: a transient one (the store is down, restarting, timing out) closes the consumer without committing and
 * starts again from the committed offsets after a backoff ({@code initial}, doubling up to {@code max}; reset by a
 * written batch), so the store catches up exactly once it is back. A permanent one stops the sink with one line in the
 * log and {@link SinkHealth.State#FAILED}: nothing after the last committed batch is lost, it is still in Kafka.
 * Records that do not decode go to the dead-letter topic with the reason in headers, before the offsets are committed.
 */
public final class SinkRunner implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);

    private final Sink sink;
    private final Supplier<OutputTopicReader> readers;
    private final Producer<byte[], byte[]> deadLetters;
    private final String deadLetterTopic;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final SinkMetrics metrics;
    private volatile SinkHealth health;
    private volatile OutputTopicReader reader;
    private volatile boolean running = true;
    private volatile Thread thread;
    private long backoffMs;

    /**
     * @param readers         makes a reader of the output topics in the sink's group (a new one after each failure)
     * @param deadLetters     producer for undecodable records, or null to only count and log them
     * @param deadLetterTopic where they go
     */
    public SinkRunner(Sink sink, Supplier<OutputTopicReader> readers, Producer<byte[], byte[]> deadLetters, String deadLetterTopic,
                      Duration initialBackoff, Duration maxBackoff, MeterRegistry registry) {
        this.sink = sink;
        this.readers = readers;
        this.deadLetters = deadLetters;
        this.deadLetterTopic = deadLetterTopic;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.metrics = new SinkMetrics(registry, sink.name());
        this.health = new SinkHealth(sink.name(), SinkHealth.State.STARTING, "");
        this.backoffMs = initialBackoff.toMillis();
    }

    public SinkHealth health() {
        return health;
    }

    /** Starts the runner on its own thread, named after the sink. */
    public SinkRunner start() {
        Thread t = new Thread(this, "sink-" + sink.name());
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    @Override
    public void run() {
        while (running) {
            try {
                sink.open();
                OutputTopicReader r = readers.get();
                reader = r;
                if (!running) {
                    r.close();
                }
                r.run(new OutputTopicReader.BatchHandler() {
                    @Override
                    public void accept(List<OutputTopicReader.Item> batch) throws Exception {
                        write(batch);
                    }

                    @Override
                    public Map<TopicPartition, Long> committable(Map<TopicPartition, Long> handed) {
                        return sink.committable(handed);
                    }

                    @Override
                    public void idle() throws Exception {
                        sink.idle();
                    }

                    @Override
                    public void revoked(Collection<TopicPartition> partitions) {
                        sink.revoked(partitions);
                    }
                });
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                String line = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
                if (!sink.isTransient(e)) {
                    metrics.failure();
                    health = new SinkHealth(sink.name(), SinkHealth.State.FAILED, line);
                    LOG.error("Sink '{}' stopped: {} (results stay in Kafka from the last committed batch on; fix and restart)",
                            sink.name(), line);
                    sink.close();
                    return;
                }
                metrics.retry();
                health = new SinkHealth(sink.name(), SinkHealth.State.RETRYING, line);
                LOG.warn("Sink '{}': {}; retrying in {} ms from the last committed batch", sink.name(), line, backoffMs);
                sink.close();
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, maxBackoff.toMillis());
            }
        }
        health = new SinkHealth(sink.name(), SinkHealth.State.STOPPED, "");
        sink.close();
    }

    private void write(List<OutputTopicReader.Item> batch) throws Exception {
        List<SinkRecord> rows = new ArrayList<>(batch.size());
        long newest = 0;
        for (OutputTopicReader.Item item : batch) {
            newest = Math.max(newest, item.record().timestamp());
            if (item.output() != null) {
                var r = item.record();
                rows.add(new SinkRecord(item.output(), r.value(), r.topic(), r.partition(), r.offset(), r.timestamp()));
            } else if (item.error() != null) {
                deadLetter(item);
            }
        }
        long started = System.nanoTime();
        if (!rows.isEmpty()) {
            sink.write(rows);
        }
        if (deadLetters != null) {
            deadLetters.flush();
        }
        metrics.written(rows.size(), Duration.ofNanos(System.nanoTime() - started), newest);
        backoffMs = initialBackoff.toMillis();
        if (health.state() != SinkHealth.State.RUNNING) {
            health = new SinkHealth(sink.name(), SinkHealth.State.RUNNING, "");
        }
    }

    private void deadLetter(OutputTopicReader.Item item) throws Exception {
        metrics.deadLetter();
        var r = item.record();
        LOG.warn("Sink '{}': record {}-{}@{} does not decode ({}); sent to {}", sink.name(), r.topic(), r.partition(), r.offset(),
                firstLine(item.error().getMessage()), deadLetters == null ? "nowhere (no producer)" : deadLetterTopic);
        if (deadLetters == null) {
            return;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("sensorstream.sink", sink.name().getBytes(StandardCharsets.UTF_8));
        headers.add("sensorstream.reason", "undecodable-output".getBytes(StandardCharsets.UTF_8));
        headers.add("sensorstream.detail", firstLine(item.error().getMessage()).getBytes(StandardCharsets.UTF_8));
        headers.add("sensorstream.source.topic", r.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("sensorstream.source.partition", Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("sensorstream.source.offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
        deadLetters.send(new ProducerRecord<>(deadLetterTopic, null, r.timestamp(), r.key(), r.value(), headers)).get(30, TimeUnit.SECONDS);
    }

    /** Waits out a backoff, returning early when the runner is closed. */
    private void sleep(long ms) {
        long until = System.nanoTime() + ms * 1_000_000;
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the runner: the batch in hand is finished or abandoned uncommitted (replayed by the next run). */
    @Override
    public void close() {
        running = false;
        OutputTopicReader r = reader;
        if (r != null) {
            r.close();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
