package io.sensorstream.connectors.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A sink's meters, tagged {@code sink=<name>}: what it wrote, how often it retried or failed, how far behind it is. */
final class SinkMetrics {

    private final Counter rows;
    private final Counter batches;
    private final Counter retries;
    private final Counter failures;
    private final Counter deadLetters;
    private final Timer writes;
    private final AtomicLong lastSuccessMs = new AtomicLong();
    private final AtomicLong newestWrittenMs = new AtomicLong();

    SinkMetrics(MeterRegistry registry, String sink) {
        rows = Counter.builder("sensorstream.sink.rows").tag("sink", sink)
                .description("Results and alerts written to the store").register(registry);
        batches = Counter.builder("sensorstream.sink.batches").tag("sink", sink)
                .description("Batches written, each followed by its offset commit").register(registry);
        retries = Counter.builder("sensorstream.sink.retries").tag("sink", sink)
                .description("Transient failures retried with backoff").register(registry);
        failures = Counter.builder("sensorstream.sink.failures").tag("sink", sink)
                .description("Permanent failures that stopped the sink").register(registry);
        deadLetters = Counter.builder("sensorstream.sink.dead.letters").tag("sink", sink)
                .description("Records that did not decode, sent to the sink dead-letter topic").register(registry);
        writes = Timer.builder("sensorstream.sink.write").tag("sink", sink)
                .description("Time to write one batch durably").register(registry);
        Gauge.builder("sensorstream.sink.last.success", lastSuccessMs, v -> v.get() / 1000.0).tag("sink", sink)
                .description("Wall-clock time of the last written batch (epoch seconds)").register(registry);
        Gauge.builder("sensorstream.sink.lag", newestWrittenMs,
                        v -> v.get() == 0 ? Double.NaN : (System.currentTimeMillis() - v.get()) / 1000.0).tag("sink", sink)
                .description("Seconds between now and the newest output record written (its Kafka timestamp)").register(registry);
    }

    void written(int rowCount, Duration took, long newestRecordMs) {
        rows.increment(rowCount);
        batches.increment();
        writes.record(took);
        lastSuccessMs.set(System.currentTimeMillis());
        newestWrittenMs.accumulateAndGet(newestRecordMs, Math::max);
    }

    void retry() {
        retries.increment();
    }

    void failure() {
        failures.increment();
    }

    void deadLetter() {
        deadLetters.increment();
    }
}
