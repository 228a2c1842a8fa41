package io.sensorstream.core.engine;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.stats.MetricSummary;
import java.util.ArrayList;
import java.util.List;

/** Captures what the analytics publish, copying window results at publication time. */
class RecordingOutput implements AnalyticsOutput {

    record Published(String sensor, String window, long start, long end, EmitKind kind, int revision, long readings,
                     double mean, double min, double max, double first, double last, double rate, double p50,
                     long count0) {
    }

    final List<Published> windows = new ArrayList<>();
    final List<JumpAlert> alerts = new ArrayList<>();
    final List<AlertEvent> events = new ArrayList<>();
    final List<Reading> late = new ArrayList<>();
    final List<LateReading> lateWhy = new ArrayList<>();

    @Override
    public void window(WindowResult r) {
        MetricSummary m = r.summary().metric(0);
        windows.add(new Published(r.sensorId(), r.definition().name(), r.startMs(), r.endMs(), r.kind(), r.revision(),
                r.summary().readings(), m.mean(), m.min(), m.max(), m.first(), m.last(),
                m.ratePerSecond(), m.quantiles().isEmpty() ? Double.NaN : m.quantiles().get(0), m.count()));
    }

    @Override
    public void alert(JumpAlert alert) {
        alerts.add(alert);
    }

    @Override
    public void alertEvent(AlertEvent event) {
        events.add(event);
    }

    @Override
    public void late(Reading reading, LateReading why) {
        late.add(reading);
        lateWhy.add(why);
    }
}
