package io.sensorstream.app.web.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the page can chart for a sensor: its recent raw readings, the results of every window definition (a compact
 * projection of the first metric, one per window start: an update replaces the earlier revision) and its alert points.
 *
 * <p>Bounded by a memory budget shared by all sensors, so a few sensors keep a long history and many a short one:
 * per sensor {@code min(rawPerSensor, max(}{@value #MIN_POINTS}{@code , rawBudget / sensors))} readings and, per window
 * definition, {@code min(windowsPerSensor, max(}{@value #MIN_POINTS}{@code , windowBudget / sensors))} results; at most {@code maxSensors} sensors (the
 * least recently updated leave first). Example: 10 000 sensors and a budget of 3 000 000 readings keep 300 readings
 * each (16 bytes a reading: 48 MB). {@link #series} says how far back it holds, so the page can say so.
 * Not thread-safe: {@code LiveView} guards it.
 */
public final class SensorHistory {

    /** A window result as charted: times in epoch ms, statistics of the first metric ({@code NaN} = none). */
    public record WindowPoint(long startMs, long endMs, String emit, int revision, long count, double avg, double min,
                              double max, double stddev, double p95) {
    }

    static final int MIN_POINTS = 10;

    /** A ring of (time, value) pairs that grows up to a limit (16 bytes a point, no object per point). */
    static final class Ring {
        private long[] t;
        private double[] v;
        private int start;
        private int size;

        Ring(int initial) {
            t = new long[initial];
            v = new double[initial];
        }

        /** Adds a point, keeping at most {@code limit} (the oldest leave). */
        void add(long time, double value, int limit) {
            if (size == t.length && t.length < limit) resize(Math.min(limit, t.length * 2));
            while (size > 0 && size >= limit) {
                start = (start + 1) % t.length;
                size--;
            }
            int i = (start + size) % t.length;
            if (size == t.length) start = (start + 1) % t.length;
            else size++;
            t[i] = time;
            v[i] = value;
        }

        private void resize(int capacity) {
            long[] nt = new long[capacity];
            double[] nv = new double[capacity];
            for (int k = 0; k < size; k++) {
                nt[k] = t[(start + k) % t.length];
                nv[k] = v[(start + k) % t.length];
            }
            t = nt;
            v = nv;
            start = 0;
        }

        int size() {
            return size;
        }

        long first() {
            return size == 0 ? Long.MIN_VALUE : t[start];
        }

        void write(ArrayNode out, long from, long to) {
            for (int k = 0; k < size; k++) {
                int i = (start + k) % t.length;
                if (t[i] >= from && t[i] <= to) out.addArray().add(t[i]).add(v[i]);
            }
        }
    }

    private static final class Sensor {
        Ring raw;
        final Map<String, ArrayDeque<WindowPoint>> windows = new HashMap<>(4);
        Ring alerts;
    }

    private final int rawPerSensor;
    private final int windowsPerSensor;
    private final long rawBudget;
    private final long windowBudget;
    private final Map<String, Sensor> sensors;

    /**
     * @param rawBudget    raw readings held over all sensors
     * @param windowBudget window results held over all sensors, per window definition
     */
    public SensorHistory(int maxSensors, int rawPerSensor, int windowsPerSensor, long rawBudget, long windowBudget) {
        this.rawPerSensor = rawPerSensor;
        this.windowsPerSensor = windowsPerSensor;
        this.rawBudget = rawBudget;
        this.windowBudget = windowBudget;
        this.sensors = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Sensor> eldest) {
                return size() > maxSensors;
            }
        };
    }

    /** Readings each sensor keeps now: its share of the budget, within [{@value #MIN_POINTS}, rawPerSensor]. */
    public int rawLimit() {
        return (int) Math.min(rawPerSensor, Math.max(MIN_POINTS, rawBudget / Math.max(1, sensors.size())));
    }

    /** Results each sensor keeps now per window definition. */
    public int windowLimit() {
        return (int) Math.min(windowsPerSensor, Math.max(MIN_POINTS, windowBudget / Math.max(1, sensors.size())));
    }

    public void reading(String sensor, long timeMs, double value) {
        Sensor s = sensors.computeIfAbsent(sensor, k -> new Sensor());
        if (s.raw == null) s.raw = new Ring(16);
        s.raw.add(timeMs, value, rawLimit());
    }

    public void alert(String sensor, long timeMs, double value) {
        if (Double.isNaN(value)) return;
        Sensor s = sensors.computeIfAbsent(sensor, k -> new Sensor());
        if (s.alerts == null) s.alerts = new Ring(4);
        s.alerts.add(timeMs, value, 100);
    }

    /** A final or updated result replaces the earlier one of the same window (early results are not charted). */
    public void window(String sensor, String windowName, WindowPoint p) {
        ArrayDeque<WindowPoint> list = sensors.computeIfAbsent(sensor, k -> new Sensor()).windows
                .computeIfAbsent(windowName, k -> new ArrayDeque<>());
        list.removeIf(w -> w.startMs == p.startMs && w.revision <= p.revision);
        list.addLast(p);
        int limit = windowLimit();
        while (list.size() > limit) list.removeFirst();
    }

    /**
     * The sensor's series within {@code [fromMs, toMs]} for one window definition, plus {@code holds}: the earliest
     * time held for the sensor ({@code raw_from}, {@code windows_from}; null when none) and the bounds.
     */
    public ObjectNode series(String sensor, String windowName, long fromMs, long toMs) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("sensor_id", sensor);
        root.put("window_name", windowName);
        Sensor s = sensors.get(sensor);
        ArrayNode raw = root.putArray("raw");
        ArrayNode windows = root.putArray("windows");
        ArrayNode alerts = root.putArray("alerts");
        ObjectNode holds = root.putObject("holds");
        holds.put("raw_per_sensor", rawLimit());
        holds.put("windows_per_sensor", windowLimit());
        holds.put("sensors", sensors.size());
        if (s == null) {
            holds.putNull("raw_from");
            holds.putNull("windows_from");
            return root;
        }
        if (s.raw != null) {
            s.raw.write(raw, fromMs, toMs);
            holds.put("raw_from", s.raw.first());
        } else {
            holds.putNull("raw_from");
        }
        ArrayDeque<WindowPoint> list = s.windows.get(windowName);
        if (list != null && !list.isEmpty()) {
            holds.put("windows_from", list.peekFirst().startMs());
            for (WindowPoint w : list) {
                if (w.endMs() < fromMs || w.startMs() > toMs) continue;
                ObjectNode o = windows.addObject();
                o.put("start", w.startMs()).put("end", w.endMs()).put("emit", w.emit()).put("revision", w.revision())
                        .put("count", w.count());
                JsonNumbers.put(o, "avg", w.avg());
                JsonNumbers.put(o, "min", w.min());
                JsonNumbers.put(o, "max", w.max());
                JsonNumbers.put(o, "stddev", w.stddev());
                JsonNumbers.put(o, "p95", w.p95());
            }
        } else {
            holds.putNull("windows_from");
        }
        if (s.alerts != null) s.alerts.write(alerts, fromMs, toMs);
        return root;
    }
}
