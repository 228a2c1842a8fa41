package io.sensorstream.core.format;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.DetectorScore;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.stats.WindowSummary;

/** A record of sensorstream's output topics, decoded by {@link OutputDecoder}: one of four immutable kinds. */
public sealed interface OutputRecord {

    String sensorId();

    /**
     * A window result ({@value OutputJson#WINDOW_SCHEMA}); upsert by {@code (sensorId, windowName, startMs)}, keeping
     * the highest revision.
     */
    record Window(String sensorId, String windowName, String windowKind, long startMs, long endMs, EmitKind emit,
                  int revision, long processingTimeMs, WindowSummary summary) implements OutputRecord {
    }

    /** A jump alert in the seed's format ({@value OutputJson#JUMP_ALERT_SCHEMA}). */
    record Jump(JumpAlert alert, long alertTimeMs) implements OutputRecord {
        @Override
        public String sensorId() {
            return alert.sensorId();
        }
    }

    /** A FIRING or RESOLVED alert event ({@value OutputJson#ALERT_EVENT_SCHEMA}). */
    record Event(AlertEvent event, long alertTimeMs) implements OutputRecord {
        @Override
        public String sensorId() {
            return event.sensorId();
        }
    }

    /** A detector's score of one reading ({@value OutputJson#SCORE_SCHEMA}), from the optional scores topic. */
    record Score(DetectorScore score) implements OutputRecord {
        @Override
        public String sensorId() {
            return score.sensorId();
        }
    }
}
