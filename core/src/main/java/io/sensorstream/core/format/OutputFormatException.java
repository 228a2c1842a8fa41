package io.sensorstream.core.format;

/** A record that is not a sensorstream output of a known schema; the message says which schema or field. */
public final class OutputFormatException extends RuntimeException {

    public OutputFormatException(String message) {
        super(message);
    }

    public OutputFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
