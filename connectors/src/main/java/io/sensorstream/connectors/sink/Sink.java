package io.sensorstream.connectors.sink;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * A store that results and alerts are written to. {@link SinkRunner} feeds it batches read with {@code
 * read_committed} and commits their offsets only after {@link #write} returned, so every write must be durable when it
 * returns and idempotent: the same batch written again (after a crash between the write and the offset commit)
 * leaves the store as it was, and an older revision of a window never replaces a newer one.
 */
public interface Sink extends AutoCloseable {

    /** Names the sink in logs, metrics and its consumer group, e.g. {@code postgres}. */
    String name();

    /** Connects and prepares the store (tables, schema); called before the first write and after a failure. */
    void open() throws Exception;

    /** Writes the batch durably and idempotently (or, with {@link #committable}, keeps it open for later). */
    void write(List<SinkRecord> batch) throws Exception;

    /**
     * The offsets the runner may commit, given per partition the next offset after everything written. A sink whose
     * writes are durable when {@link #write} returns (the default) returns it unchanged; one that keeps files open
     * across batches returns the first offset of what is not yet durable, so a crash replays it.
     */
    default Map<TopicPartition, Long> committable(Map<TopicPartition, Long> written) {
        return written;
    }

    /** No records came for a while: finish work that is due by the clock (roll files). */
    default void idle() throws Exception {
    }

    /** Partitions this instance no longer reads: drop their unfinished work, the next owner replays it from Kafka. */
    default void revoked(Collection<TopicPartition> partitions) {
    }

    /**
     * Whether a failure may pass by itself (connection refused, timeout, server restarting): the runner retries it with
     * backoff. Anything else (authentication, a schema the sink cannot use) stops the sink with one line.
     */
    boolean isTransient(Exception failure);

    @Override
    void close();
}
