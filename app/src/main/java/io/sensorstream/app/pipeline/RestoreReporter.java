package io.sensorstream.app.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports state restoration from changelogs (after a crash, a rebalance, or a lost state directory): one log line per
 * restored store partition with records and time, and the metrics {@code sensorstream.state.restore} (timer) and
 * {@code sensorstream.state.restored.records}. A clean restart with local state restores nothing.
 */
public final class RestoreReporter implements StateRestoreListener {

    /** Restoration of one store partition: records restored of the changelog range to restore. */
    public record Progress(String store, int partition, long restored, long total, boolean done) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RestoreReporter.class);

    private final Map<TopicPartition, Long> started = new ConcurrentHashMap<>();
    /** The latest restoration of each store partition, by changelog partition; kept after it ends, for the page. */
    private final Map<TopicPartition, Progress> progress = new ConcurrentHashMap<>();
    private final Timer restoreTime;
    private final Counter restoredRecords;

    RestoreReporter(MeterRegistry registry) {
        restoreTime = Timer.builder("sensorstream.state.restore").description("Time to restore a state store partition")
                .register(registry);
        restoredRecords = Counter.builder("sensorstream.state.restored.records")
                .description("Changelog records replayed into state stores").register(registry);
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
        started.put(partition, System.nanoTime());
        progress.put(partition, new Progress(store, partition.partition(), 0, Math.max(0, endOffset - startOffset), false));
    }

    /** Each store partition restored (or being restored) since the start, in no particular order. */
    java.util.Collection<Progress> progress() {
        return java.util.List.copyOf(progress.values());
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        restoredRecords.increment(numRestored);
        progress.computeIfPresent(partition, (k, p) -> new Progress(p.store(), p.partition(), p.restored() + numRestored, p.total(), false));
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Long t0 = started.remove(partition);
        Duration took = Duration.ofNanos(t0 == null ? 0 : System.nanoTime() - t0);
        restoreTime.record(took);
        progress.computeIfPresent(partition, (k, p) -> new Progress(p.store(), p.partition(), totalRestored, p.total(), true));
        if (totalRestored == 0) {
            // nothing to restore (a new or checkpointed store): one INFO line per store and partition would be noise
            LOG.debug("Restored 0 records of store '{}' from {}", store, partition);
            return;
        }
        LOG.info("Restored {} records of store '{}' from {} in {} ms", totalRestored, store, partition, took.toMillis());
    }
}
