package io.sensorstream.app.simulate;

import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a {@link SensorSimulator}'s records to Kafka, keyed by sensor id, either paced to the wall clock (event time
 * is "now", as from real sensors) or as fast as the producer can go (event time advances virtually).
 */
public final class SimulatorRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorRunner.class);

    /** Called once per record when the broker acknowledged it (or failed to). */
    public interface SendListener {
        void onSent(SimulatedRecord record, RecordMetadata metadata, Exception error);
    }

    /** What was sent. */
    /** @param firstError the first send failure as one line, empty when none failed */
    public record Summary(long sent, long malformed, long late, long failed, Duration elapsed, String firstError) {
        public double recordsPerSecond() {
            return elapsed.isZero() ? 0 : sent / (elapsed.toNanos() / 1e9);
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public SimulatorRunner(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Producer settings tuned for throughput with safety: idempotent, acks=all, batched and compressed. */
    public static Properties producerProperties(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        return p;
    }

    public static KafkaProducer<byte[], byte[]> createProducer(Properties client) {
        return new KafkaProducer<>(producerProperties(client), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Sends until {@code maxRecords} were sent (negative: no limit), {@code maxDuration} elapsed ({@code null}: no
     * limit) or {@code stop} says so; then flushes.
     */
    public Summary run(SensorSimulator simulator, long maxRecords, Duration maxDuration, boolean paced,
                       BooleanSupplier stop, SendListener listener) {
        return run(simulator, maxRecords, maxDuration, paced ? 1.0 : 0.0, stop, listener);
    }

    /**
     * @param speedup 0 to send as fast as possible; otherwise event time runs this many times faster than the wall
     *                clock (1 = real time, 60 = a minute of readings every second)
     */
    public Summary run(SensorSimulator simulator, long maxRecords, Duration maxDuration, double speedup,
                       BooleanSupplier stop, SendListener listener) {
        boolean paced = speedup > 0;
        long startNanos = System.nanoTime();
        long deadline = maxDuration == null ? Long.MAX_VALUE : startNanos + maxDuration.toNanos();
        long eventStart = simulator.nextNominalTimeMs();
        long wallStart = System.currentTimeMillis();
        AtomicLong failed = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        long sent = 0;
        long malformed = 0;
        long late = 0;
        while ((maxRecords < 0 || sent < maxRecords) && !stop.getAsBoolean() && !denied(firstError.get())) {
            // paced: every record (a few per second may be all there is); full speed: every 256, the clock costs
            if ((paced || (sent & 0xFF) == 0) && System.nanoTime() > deadline) {
                break;
            }
            if (paced) {
                long due = wallStart + (long) ((simulator.nextNominalTimeMs() - eventStart) / speedup);
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    if (!sleep(Math.min(wait, 200))) break;
                    continue;
                }
            }
            SimulatedRecord r = simulator.next();
            if (r.kind() == SimulatedRecord.Kind.MALFORMED) malformed++;
            if (r.kind() == SimulatedRecord.Kind.LATE) late++;
            producer.send(new ProducerRecord<>(topic, r.key().getBytes(StandardCharsets.UTF_8), r.value()),
                    (metadata, error) -> {
                        if (error != null && failed.getAndIncrement() == 0) {
                            firstError.set(error);
                            LOG.error("Failed to send a reading to {}: {}", topic, error.toString());
                        }
                        if (listener != null) listener.onSent(r, metadata, error);
                    });
            sent++;
        }
        producer.flush();
        Exception e = firstError.get();
        return new Summary(sent, malformed, late, failed.get(), Duration.ofNanos(System.nanoTime() - startNanos),
                e == null ? "" : e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }

    /** Credentials or permissions refused: every further send would fail the same way. */
    private static boolean denied(Exception e) {
        return e instanceof org.apache.kafka.common.errors.AuthenticationException
                || e instanceof org.apache.kafka.common.errors.AuthorizationException;
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
