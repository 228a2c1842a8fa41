package io.sensorstream.core.engine;

import io.sensorstream.core.state.WindowState;
import io.sensorstream.core.window.WindowDefinition;

/** Publishes window results as frozen {@link WindowResult}s: the stages' one way out for windows. */
final class Publisher {

    private final AnalyticsOutput out;
    private final double[] percentiles;

    Publisher(AnalyticsOutput out, double[] percentiles) {
        this.out = out;
        this.percentiles = percentiles;
    }

    void window(String sensorId, WindowDefinition def, long start, long end, EmitKind kind, int revision, WindowState ws) {
        out.window(new WindowResult(sensorId, def, start, end, kind, revision, ws.summary(percentiles)));
    }
}
