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
final class RestoreReporter implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreReporter.class);

    private final Map<TopicPartition, Long> started = new ConcurrentHashMap<>();
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
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        restoredRecords.increment(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Long t0 = started.remove(partition);
        Duration took = Duration.ofNanos(t0 == null ? 0 : System.nanoTime() - t0);
        restoreTime.record(took);
        if (totalRestored == 0) {
            // nothing to restore (a new or checkpointed store): one INFO line per store and partition would be noise
            LOG.debug("Restored 0 records of store '{}' from {}", store, partition);
            return;
        }
        LOG.info("Restored {} records of store '{}' from {} in {} ms", totalRestored, store, partition, took.toMillis());
    }
}
