package io.sensorstream.streams.processor;

import java.util.Arrays;
import org.slf4j.Logger;

/**
 * Logs at most one line per interval and says how many it held back, so a flood of bad input cannot flood the log.
 */
final class ThrottledLog {

    private final Logger log;
    private final long intervalMs;
    private long nextAllowedMs;
    private long suppressed;

    ThrottledLog(Logger log, long intervalMs) {
        this.log = log;
        this.intervalMs = intervalMs;
    }

    void warn(String format, Object... args) {
        long now = System.currentTimeMillis();
        if (now < nextAllowedMs) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            log.warn(format + " (and {} similar since the last message)", append(args, suppressed));
        } else {
            log.warn(format, args);
        }
        suppressed = 0;
        nextAllowedMs = now + intervalMs;
    }

    private static Object[] append(Object[] args, Object extra) {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }
}
