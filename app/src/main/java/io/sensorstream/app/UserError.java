package io.sensorstream.app;

/**
 * Something the user can fix: a wrong option, configuration or file, a taken port, an unreachable cluster. The command
 * line prints its message as one line and exits with code 2. Anything else that escapes a command is a bug and is
 * reported with its stack trace, never disguised as a user error.
 */
public class UserError extends RuntimeException {

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
