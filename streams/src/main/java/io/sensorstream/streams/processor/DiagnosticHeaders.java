package io.sensorstream.streams.processor;

/**
 * Header names on dead-letter and late records. The record value is always the original bytes, untouched, so a
 * fixed record can be re-sent as is; the headers say what was wrong and where it came from (the convention of
 * Kafka Connect's dead-letter queues).
 */
public final class DiagnosticHeaders {

    /** Stable reason code: a {@code RejectReason} code, or {@code late}. */
    public static final String REASON = "sensorstream.reason";
    /** One-line human-readable explanation. */
    public static final String DETAIL = "sensorstream.detail";
    public static final String SOURCE_TOPIC = "sensorstream.source.topic";
    public static final String SOURCE_PARTITION = "sensorstream.source.partition";
    public static final String SOURCE_OFFSET = "sensorstream.source.offset";
    /** Late records: name of the window definition the reading was too late for. */
    public static final String WINDOW_NAME = "sensorstream.window.name";
    /** Late records: start of the (last) window the reading belonged to, epoch ms. */
    public static final String WINDOW_START = "sensorstream.window.start";
    /** Late records: end of that window, epoch ms. */
    public static final String WINDOW_END = "sensorstream.window.end";
    /** Late records: the partition's watermark when the reading arrived, epoch ms. */
    public static final String WATERMARK = "sensorstream.watermark";
    /** Reason code of late readings. */
    public static final String LATE_REASON = "late";

    private DiagnosticHeaders() {
    }
}
