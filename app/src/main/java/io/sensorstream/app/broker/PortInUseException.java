package io.sensorstream.app.broker;

import io.sensorstream.app.UserError;

/** A port the user asked for is taken; the message says which and what to do. */
public final class PortInUseException extends UserError {
    public PortInUseException(String message) {
        super(message);
    }
}
