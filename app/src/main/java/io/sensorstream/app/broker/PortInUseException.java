package io.sensorstream.app.broker;

/** A port the user asked for is taken; the message says which and what to do. */
public final class PortInUseException extends RuntimeException {
    public PortInUseException(String message) {
        super(message);
    }
}
