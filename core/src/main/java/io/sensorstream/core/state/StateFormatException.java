package io.sensorstream.core.state;

/**
 * Stored state this build cannot read: a format version from a newer sensorstream, or bytes that are not what the
 * store should hold. Never guessed around: a silent misread would corrupt results.
 */
public final class StateFormatException extends RuntimeException {

    public StateFormatException(String message) {
        super(message);
    }

    public StateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
