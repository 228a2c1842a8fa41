package io.sensorstream.core.engine;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.Assessment;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.Detector;
import io.sensorstream.core.detect.DetectorScore;
import io.sensorstream.core.detect.SensorDetectors;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.detect.SilenceIndex;
import io.sensorstream.core.state.StateTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The detector suite of one partition: every reading (in event-time order) through the sensor's detectors and alert
 * lifecycles, and silent sensors found as the watermark advances. State lives in a {@link StateTable}; the
 * {@link SilenceIndex} is derived from it and rebuilt on construction.
 *
 * <p>A silent alert's event time is exact ({@code lastSeen + silentAfter}); it is emitted when the watermark sweep
 * reaches it or when the next reading shows the gap, whichever is first, so the events are the same however the
 * watermark advanced.
 */
final class SensorAlerting {

    private final DetectionPlan plan;
    private final String[] metrics;
    private final StateTable<String, SensorDetectors> table;
    private final Consumer<AlertEvent> out;
    /** Where every assessment goes as a score, or null when nobody asked. */
    private final Consumer<DetectorScore> scores;
    private final long silentAfter;
    private final SilenceIndex quiet;

    SensorAlerting(DetectionPlan plan, List<String> metricNames, StateTable<String, SensorDetectors> table,
                   Consumer<AlertEvent> out, Consumer<DetectorScore> scores) {
        this.plan = plan;
        this.scores = scores;
        this.metrics = metricNames.toArray(new String[0]);
        this.table = table;
        this.out = out;
        this.silentAfter = plan.silentAfterMs();
        this.quiet = new SilenceIndex(silentAfter);
        if (silentAfter > 0) {
            table.forEach((sensor, sd) -> {
                if (!sd.silentFiring() && sd.lastSeenMs() != Long.MIN_VALUE) {
                    quiet.add(sensor, sd.lastSeenMs());
                }
            });
        }
    }

    /** One reading's metric values (NaN for a missing metric) at event time {@code t}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void onReading(String sensorId, double[] values, long t) {
        SensorDetectors sd = table.getForUpdate(sensorId);
        if (sd == null) {
            sd = SensorDetectors.create(plan, sensorId, metrics.length);
            table.put(sensorId, sd);
        } else if (!sd.madeBy(plan)) {
            sd = sd.renew(plan, sensorId, metrics.length);
            table.put(sensorId, sd);
        }
        if (silentAfter > 0) {
            seen(sensorId, sd, t);
        } else if (t > sd.lastSeenMs()) {
            sd.lastSeenMs(t);
        }
        int slot = 0;
        for (Detector d : plan.detectors(sd.set())) {
            if (d.wholeSensor()) {
                Assessment a = d.assessAll(sd.state(slot), values, t);
                lifecycle(sd, slot, sensorId, DetectionPlan.WHOLE_SENSOR, d, Double.NaN, t, a);
                slot++;
                continue;
            }
            for (int m = 0; m < metrics.length; m++, slot++) {
                double v = m < values.length ? values[m] : Double.NaN;
                if (!Double.isNaN(v)) {
                    lifecycle(sd, slot, sensorId, metrics[m], d, v, t, d.assess(sd.state(slot), v, t));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <S> double grade(Detector<S> d, Object state, Assessment a) {
        return d.grade((S) state, a);
    }

    /** The slot's alert state is made when the first anomaly needs it: until then a quiet alert has nothing to keep. */
    private void lifecycle(SensorDetectors sd, int slot, String sensorId, String metric, Detector<?> d, double v, long t,
                           Assessment a) {
        if (scores != null) {
            scores.accept(new DetectorScore(sensorId, metric, d.name(), t, v, a.score(), grade(d, sd.state(slot), a),
                    a.anomalous(), a.warmingUp()));
        }
        if (sd.alert(slot) == null && !a.anomalous()) {
            return;
        }
        emit(plan.lifecycle().update(sd.alertForUpdate(slot), sensorId, metric, d.name(), d.severity(), v, t, a));
    }

    private void emit(AlertEvent e) {
        if (e != null) {
            out.accept(e);
        }
    }

    /**
     * Silence ends with this reading. A gap longer than silentAfter that no watermark sweep saw (the watermark jumped
     * past it) fires here, just before it resolves, so the events do not depend on how the watermark advanced.
     */
    private void seen(String sensorId, SensorDetectors sd, long t) {
        long before = sd.lastSeenMs();
        if (!sd.silentFiring() && before != Long.MIN_VALUE && t > before + silentAfter) {
            quiet.remove(sensorId, before);
            fireSilent(sensorId, sd);
        }
        if (sd.silentFiring()) {
            AlertLifecycle.State silent = sd.silent();
            silent.resolve(t);
            out.accept(silentEvent(AlertState.RESOLVED, sensorId, Math.max(0, t - before) / 1000.0, t, silent.firingSince()));
            sd.lastSeenMs(Math.max(t, before));
            quiet.add(sensorId, sd.lastSeenMs());
            return;
        }
        if (t <= before) {
            return;
        }
        sd.lastSeenMs(t);
        quiet.moved(sensorId, before, t);
    }

    /** Fires the silent-sensor alerts that the watermark {@code w} makes due, oldest silence first. */
    void onWatermark(long w) {
        if (silentAfter == 0) {
            return;
        }
        List<String> due = quiet.takeDue(w);
        if (due.isEmpty()) {
            return;
        }
        List<Map.Entry<String, SensorDetectors>> firing = new ArrayList<>(due.size());
        for (String sensor : due) {
            firing.add(Map.entry(sensor, table.get(sensor)));
        }
        firing.sort(Comparator.<Map.Entry<String, SensorDetectors>>comparingLong(e -> e.getValue().lastSeenMs())
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, SensorDetectors> e : firing) {
            fireSilent(e.getKey(), e.getValue());
            table.put(e.getKey(), e.getValue());
        }
    }

    private void fireSilent(String sensorId, SensorDetectors sd) {
        long since = sd.lastSeenMs() + silentAfter;
        sd.silentForUpdate().fire(since, silentAfter / 1000.0);
        out.accept(silentEvent(AlertState.FIRING, sensorId, silentAfter / 1000.0, since, since));
    }

    /** A silent-sensor event: about the whole sensor, no value or band; the score is seconds of silence. */
    private static AlertEvent silentEvent(AlertState state, String sensorId, double seconds, long t, long since) {
        return new AlertEvent(AlertLifecycle.id(sensorId, DetectionPlan.WHOLE_SENSOR, DetectionPlan.SILENT, since), state,
                sensorId, DetectionPlan.WHOLE_SENSOR, DetectionPlan.SILENT, Severity.CRITICAL, Double.NaN, seconds, Double.NaN,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, t, since);
    }

    /**
     * Drops a sensor's state (its TTL ran out at watermark {@code w}); alerts still firing are RESOLVED first, so no
     * alert is left open for ever.
     */
    void expire(String sensorId, long w) {
        SensorDetectors sd = table.get(sensorId);
        if (sd == null) {
            return;
        }
        if (sd.madeBy(plan)) {
            int slot = 0;
            for (Detector<?> d : plan.detectors(sd.set())) {
                for (int m = 0; m < (d.wholeSensor() ? 1 : metrics.length); m++, slot++) {
                    if (sd.alert(slot) == null) continue;
                    emit(plan.lifecycle().forceResolve(sd.alert(slot), sensorId,
                            d.wholeSensor() ? DetectionPlan.WHOLE_SENSOR : metrics[m], d.name(), d.severity(), w));
                }
            }
        }
        AlertEvent silent = sd.silent() == null ? null : plan.lifecycle().forceResolve(sd.silent(), sensorId,
                DetectionPlan.WHOLE_SENSOR, DetectionPlan.SILENT, Severity.CRITICAL, w);
        if (silent != null) {
            out.accept(silent);
        } else if (silentAfter > 0 && sd.lastSeenMs() != Long.MIN_VALUE) {
            quiet.remove(sensorId, sd.lastSeenMs());
        }
        table.remove(sensorId);
    }
}
