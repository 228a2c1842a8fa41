package io.sensorstream.core.reading;

/**
 * The outcome of parsing one input record: a valid {@link Reading} or a {@link Rejected} with its reason.
 * Parsing never throws on bad input, so the pipeline can route every record somewhere.
 */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Rejected {

    /** A record that became a reading. */
    record Valid(Reading reading) implements ParseResult {
    }

    /**
     * A record that did not, with a one-line, actionable explanation.
     *
     * @param reason the machine-readable category
     * @param detail what exactly was wrong, e.g. {@code field 'temperature' is a string, expected a number}
     */
    record Rejected(RejectReason reason, String detail) implements ParseResult {
    }
}
