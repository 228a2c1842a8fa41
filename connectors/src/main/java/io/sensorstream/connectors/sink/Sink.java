package io.sensorstream.connectors.sink;

import java.util.List;

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

    /** Writes the batch durably and idempotently. */
    void write(List<SinkRecord> batch) throws Exception;

    /**
     * Whether a failure may pass by itself (connection refused, timeout, server restarting): the runner retries it with
     * backoff. Anything else (authentication, a schema the sink cannot use) stops the sink with one line.
     */
    boolean isTransient(Exception failure);

    @Override
    void close();
}
