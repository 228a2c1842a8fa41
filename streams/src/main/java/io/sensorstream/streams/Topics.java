package io.sensorstream.streams;

import java.util.List;
import java.util.Objects;

/**
 * The topics the pipeline reads and writes. Defaults are the seed's names plus a dead-letter and a late topic.
 *
 * @param raw        input readings ({@code sensor-readings-raw})
 * @param aggregated final window statistics ({@code sensor-readings-aggregated})
 * @param alerts     anomaly alerts ({@code sensor-alerts})
 * @param deadLetter records that are not valid readings, with the reason in headers ({@code sensor-readings-dlq})
 * @param late       valid readings that arrived after their window closed ({@code sensor-readings-late})
 * @param alertEvents the detector suite's FIRING/RESOLVED events ({@code sensor-alert-events})
 * @param scores     every detector's score of every reading; empty (the default): not published
 */
public record Topics(String raw, String aggregated, String alerts, String deadLetter, String late, String alertEvents,
                     String scores) {

    public Topics {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(aggregated, "aggregated");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(deadLetter, "deadLetter");
        Objects.requireNonNull(late, "late");
        Objects.requireNonNull(alertEvents, "alertEvents");
        Objects.requireNonNull(scores, "scores");
    }

    /** The seed's topics without scores. */
    public Topics(String raw, String aggregated, String alerts, String deadLetter, String late, String alertEvents) {
        this(raw, aggregated, alerts, deadLetter, late, alertEvents, "");
    }

    /** These topics with detector scores published to {@code topic} (empty: not published). */
    public Topics withScores(String topic) {
        return new Topics(raw, aggregated, alerts, deadLetter, late, alertEvents, topic);
    }

    /** Whether detector scores are published. */
    public boolean publishesScores() {
        return !scores.isEmpty();
    }

    public static Topics defaults() {
        return new Topics("sensor-readings-raw", "sensor-readings-aggregated", "sensor-alerts",
                "sensor-readings-dlq", "sensor-readings-late", "sensor-alert-events");
    }

    /** The topics the pipeline writes to. */
    public List<String> outputs() {
        return publishesScores() ? List.of(aggregated, alerts, deadLetter, late, alertEvents, scores)
                : List.of(aggregated, alerts, deadLetter, late, alertEvents);
    }
}
