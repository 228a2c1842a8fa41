package io.sensorstream.streams;

import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.window.WindowSpec;
import java.time.Duration;

/**
 * Everything the topology needs to know, independent of how it was configured.
 *
 * @param topics          the topics read and written
 * @param format          where the reading's fields are and which values are valid
 * @param window          the event-time windows to aggregate over
 * @param watermarkDelay  the bounded out-of-orderness: watermark = max event time − delay
 * @param jumpThreshold   the seed's anomaly threshold
 * @param persistentState RocksDB stores when true (survive restarts locally), in-memory stores otherwise; both are
 *                        backed by changelog topics
 */
public record PipelineSettings(Topics topics, ReadingFormat format, WindowSpec window, Duration watermarkDelay,
                               double jumpThreshold, boolean persistentState) {

    /** The seed's pipeline: 60 s tumbling windows, threshold 5.0, 5 s out-of-orderness, persistent state. */
    public static PipelineSettings seedDefaults() {
        return new PipelineSettings(Topics.defaults(), ReadingFormat.seedDefault(),
                WindowSpec.tumbling(Duration.ofSeconds(60)), Duration.ofSeconds(5), 5.0, true);
    }

    /** The metric's name, taken from the value field ({@code temperature}). */
    public String metric() {
        return format.valueField();
    }
}
