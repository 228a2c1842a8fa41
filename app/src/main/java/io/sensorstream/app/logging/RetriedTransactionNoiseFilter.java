package io.sensorstream.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Hides one known-harmless broker log line: with transactions v2 (KIP-890) the embedded broker logs an ERROR with
 * an {@code OutOfOrderSequenceException} ("Expected sequence 0 for transactions v2 idempotent producer with no
 * existing state") when a transactional producer's first batch to a partition races its partition registration.
 * The error is retriable by design (KAFKA-18202) and the producer retries it; results are unaffected (the
 * exactly-once crash test checks every output). Everything else passes through.
 */
public final class RetriedTransactionNoiseFilter extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        IThrowableProxy t = event.getThrowableProxy();
        if (t != null && t.getClassName().endsWith("OutOfOrderSequenceException") && t.getMessage() != null
                && t.getMessage().contains("for transactions v2 idempotent producer with no existing state")) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
