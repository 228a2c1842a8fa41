package io.sensorstream.connectors.sink;

/**
 * What a running sink reports to the health endpoint.
 *
 * @param state   {@code STARTING}, {@code RUNNING}, {@code RETRYING} (a transient failure, retried with backoff) or
 *                {@code FAILED} (stopped on a permanent failure; nothing after the last committed batch was written)
 * @param detail  the last failure, one line, or empty
 */
public record SinkHealth(String sink, State state, String detail) {

    public enum State { STARTING, RUNNING, RETRYING, FAILED, STOPPED }

    public boolean healthy() {
        return state == State.STARTING || state == State.RUNNING;
    }
}
