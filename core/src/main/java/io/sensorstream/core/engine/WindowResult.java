package io.sensorstream.core.engine;

import io.sensorstream.core.stats.WindowSummary;
import io.sensorstream.core.window.WindowDefinition;

/**
 * One published window result, immutable: an asynchronous consumer never sees it change.
 *
 * @param sensorId   the sensor
 * @param definition which window definition
 * @param startMs    window start (first reading's event time for sessions)
 * @param endMs      window end, exclusive (last reading's event time, inclusive, for sessions)
 * @param kind       final, update or early
 * @param revision   0 for the final result, n for the n-th update, -1 for early results
 * @param summary    the aggregate at publication
 */
public record WindowResult(String sensorId, WindowDefinition definition, long startMs, long endMs, EmitKind kind,
                           int revision, WindowSummary summary) {
}
