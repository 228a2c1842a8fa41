package io.sensorstream.core.detect;

import io.sensorstream.core.engine.StateTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs a {@link DetectionPlan} over one partition's sensors: every reading (in event-time order) through the
 * sensor's detectors and alert lifecycles, and silent sensors found as the watermark advances. State lives in a
 * {@link StateTable}; the silence index here is derived from it and rebuilt on construction.
 *
 * <p>Silence index: sensors by {@code floor(lastSeen / g)}, {@code g = max(1 ms, silentAfter / 8)}. A sensor moves
 * between buckets at most once per {@code g} of its own event time, and a watermark {@code W} fires the buckets that
 * lie wholly before {@code W − silentAfter}. The alert's event time is exact ({@code lastSeen + silentAfter}); it
 * is emitted at most {@code g} of watermark time later, or when the next reading shows the gap, whichever is first,
 * so the events are the same however the watermark advanced. Example: silentAfter 5 min, g 37.5 s; last reading
 * 10:00:10 → FIRING with event time 10:05:10, emitted once the watermark passes 10:05:37.5.
 */
public final class SensorAlerting {

    private final DetectionPlan plan;
    private final String[] metrics;
    private final StateTable<String, SensorDetectors> table;
    private final Consumer<AlertEvent> out;
    private final long silentAfter;
    private final long granularity;
    private final TreeMap<Long, Set<String>> quiet = new TreeMap<>();

    public SensorAlerting(DetectionPlan plan, List<String> metricNames, StateTable<String, SensorDetectors> table,
                          Consumer<AlertEvent> out) {
        this.plan = plan;
        this.metrics = metricNames.toArray(new String[0]);
        this.table = table;
        this.out = out;
        this.silentAfter = plan.silentAfterMs();
        this.granularity = Math.max(1, silentAfter / 8);
        if (silentAfter > 0) {
            table.forEach((sensor, sd) -> {
                if (!sd.silentFiring() && sd.lastSeenMs != Long.MIN_VALUE) {
                    index(sensor, sd.lastSeenMs);
                }
            });
        }
    }

    /** One reading's metric values (NaN for a missing metric) at event time {@code t}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void onReading(String sensorId, double[] values, long t) {
        SensorDetectors sd = table.get(sensorId);
        if (sd == null) {
            sd = SensorDetectors.create(plan, sensorId, metrics.length);
        } else if (!sd.madeBy(plan)) {
            sd = sd.renew(plan, sensorId, metrics.length);
        }
        if (silentAfter > 0) {
            seen(sensorId, sd, t);
        } else if (t > sd.lastSeenMs) {
            sd.lastSeenMs = t;
        }
        int slot = 0;
        for (Detector d : plan.detectors(sd.set)) {
            if (d.wholeSensor()) {
                Assessment a = d.assessAll(sd.states[slot], values, t);
                lifecycle(sd, slot, sensorId, DetectionPlan.WHOLE_SENSOR, d, Double.NaN, t, a);
                slot++;
                continue;
            }
            for (int m = 0; m < metrics.length; m++, slot++) {
                double v = m < values.length ? values[m] : Double.NaN;
                if (!Double.isNaN(v)) {
                    lifecycle(sd, slot, sensorId, metrics[m], d, v, t, d.assess(sd.states[slot], v, t));
                }
            }
        }
        table.put(sensorId, sd);
    }

    /** The slot's alert state is made when the first anomaly needs it: until then a quiet alert has nothing to keep. */
    private void lifecycle(SensorDetectors sd, int slot, String sensorId, String metric, Detector<?> d, double v, long t,
                           Assessment a) {
        AlertLifecycle.State s = sd.alerts[slot];
        if (s == null) {
            if (!a.anomalous()) {
                return;
            }
            s = sd.alerts[slot] = new AlertLifecycle.State();
        }
        emit(plan.lifecycle().update(s, sensorId, metric, d.name(), d.severity(), v, t, a));
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
        long before = sd.lastSeenMs;
        if (!sd.silentFiring() && before != Long.MIN_VALUE && t > before + silentAfter) {
            unindex(sensorId, before);
            fireSilent(sensorId, sd);
        }
        if (sd.silentFiring()) {
            sd.silent.firing = false;
            sd.silent.resolvedAt = t;
            out.accept(silentEvent(AlertState.RESOLVED, sensorId, Math.max(0, t - before) / 1000.0, t, sd.silent.firingSince));
            sd.lastSeenMs = Math.max(t, before);
            index(sensorId, sd.lastSeenMs);
            return;
        }
        if (t <= before) {
            return;
        }
        sd.lastSeenMs = t;
        long from = before == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(before, granularity);
        long to = Math.floorDiv(t, granularity);
        if (from != to) {
            if (from != Long.MIN_VALUE) {
                unindex(sensorId, before);
            }
            index(sensorId, t);
        }
    }

    /** Fires the silent-sensor alerts that the watermark {@code w} makes due. */
    public void onWatermark(long w) {
        if (silentAfter == 0 || quiet.isEmpty() || w == Long.MIN_VALUE) {
            return;
        }
        long dueThrough = w - silentAfter - 1; // silent when lastSeen + silentAfter < W: every reading before W is in
        long lastFullBucket = Math.floorDiv(dueThrough + 1, granularity) - 1;
        if (quiet.firstKey() > lastFullBucket) {
            return;
        }
        List<String> due = new ArrayList<>();
        while (!quiet.isEmpty() && quiet.firstKey() <= lastFullBucket) {
            due.addAll(quiet.pollFirstEntry().getValue());
        }
        List<Map.Entry<String, SensorDetectors>> firing = new ArrayList<>(due.size());
        for (String sensor : due) {
            firing.add(Map.entry(sensor, table.get(sensor)));
        }
        firing.sort(Comparator.<Map.Entry<String, SensorDetectors>>comparingLong(e -> e.getValue().lastSeenMs)
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, SensorDetectors> e : firing) {
            fireSilent(e.getKey(), e.getValue());
            table.put(e.getKey(), e.getValue());
        }
    }

    private void fireSilent(String sensorId, SensorDetectors sd) {
        long since = sd.lastSeenMs + silentAfter;
        if (sd.silent == null) {
            sd.silent = new AlertLifecycle.State();
        }
        sd.silent.firing = true;
        sd.silent.firingSince = since;
        sd.silent.peakScore = silentAfter / 1000.0;
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
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void expire(String sensorId, long w) {
        SensorDetectors sd = table.get(sensorId);
        if (sd == null) {
            return;
        }
        if (sd.madeBy(plan)) {
            int slot = 0;
            for (Detector<?> d : plan.detectors(sd.set)) {
                for (int m = 0; m < (d.wholeSensor() ? 1 : metrics.length); m++, slot++) {
                    if (sd.alerts[slot] == null) continue;
                    emit(plan.lifecycle().forceResolve(sd.alerts[slot], sensorId,
                            d.wholeSensor() ? DetectionPlan.WHOLE_SENSOR : metrics[m], d.name(), d.severity(), w));
                }
            }
        }
        AlertEvent silent = sd.silent == null ? null : plan.lifecycle().forceResolve(sd.silent, sensorId,
                DetectionPlan.WHOLE_SENSOR, DetectionPlan.SILENT, Severity.CRITICAL, w);
        if (silent != null) {
            out.accept(silent);
        } else if (silentAfter > 0 && sd.lastSeenMs != Long.MIN_VALUE) {
            unindex(sensorId, sd.lastSeenMs);
        }
        table.remove(sensorId);
    }

    private void index(String sensor, long lastSeen) {
        quiet.computeIfAbsent(Math.floorDiv(lastSeen, granularity), k -> new HashSet<>()).add(sensor);
    }

    private void unindex(String sensor, long lastSeen) {
        long bucket = Math.floorDiv(lastSeen, granularity);
        Set<String> set = quiet.get(bucket);
        if (set != null && set.remove(sensor) && set.isEmpty()) {
            quiet.remove(bucket);
        }
    }
}
