package io.sensorstream.connectors.sink;

import java.io.IOException;

/**
 * How the sinks that write over HTTP (InfluxDB, Alertmanager, webhook) tell passing failures from lasting ones:
 * connection failures, timeouts, 5xx, 408 and 429 pass (retried with backoff); any other 4xx means the request itself is
 * refused (authentication, a missing database, a malformed body), so sending it again cannot help.
 */
public final class HttpFailures {

    private HttpFailures() {
    }

    /** A request the server refused: permanent. */
    public static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** The failure for a non-2xx answer: transient for 5xx, 408 and 429, {@link Refused} otherwise. */
    public static IOException forStatus(int status, String detail) {
        return status >= 500 || status == 408 || status == 429 ? new IOException(detail) : new Refused(detail);
    }

    /** Transient: any I/O failure (refused connection, timeout, 5xx) except a {@link Refused} request. */
    public static boolean isTransient(Exception failure) {
        return failure instanceof IOException && !(failure instanceof Refused);
    }
}
