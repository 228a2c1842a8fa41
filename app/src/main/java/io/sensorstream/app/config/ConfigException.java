package io.sensorstream.app.config;

import io.sensorstream.app.UserError;

/** Invalid configuration; the message is one line that names the key and what is expected. */
public final class ConfigException extends UserError {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
