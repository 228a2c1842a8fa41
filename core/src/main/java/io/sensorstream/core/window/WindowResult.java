package io.sensorstream.core.window;

import io.sensorstream.core.stats.StatsSnapshot;

/**
 * The final statistics of one sensor over one window.
 *
 * @param sensorId the sensor
 * @param window   the event-time window {@code [start, end)}
 * @param stats    the statistics of the readings whose event time falls in the window
 */
public record WindowResult(String sensorId, Window window, StatsSnapshot stats) {
}
