package io.sensorstream.app.web.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every sensor at a glance, for the sensor list and the overview heat map: its latest window mean (primary window,
 * first metric) against its own normal band, and its alert state. About 150 bytes a sensor, so 10 000 sensors cost
 * ~1.5 MB; the list is served a page at a time and the heat map as columns.
 *
 * <p>Normal band: an exponentially weighted mean {@code m} and variance {@code v} of the sensor's window means
 * ({@code α = 0.1}: about the last 10 windows), updated after each result; band {@code m ± 3√v}, deviation
 * {@code z = (mean − m) / √v} against the band before the update. Example: means 20.0, 20.2, 19.8, … give
 * {@code m ≈ 20}, {@code √v ≈ 0.2}; a mean of 21.0 is {@code z ≈ 5}, outside the band.
 *
 * <p>State, worst first: {@code 3} a critical alert firing, {@code 2} a warning (or info) alert firing, {@code 1} a
 * jump alert within the last {@value #RECENT_JUMP_MS} ms of the sensor's event time, {@code 0} normal.
 * Not thread-safe: {@code LiveView} guards it.
 */
public final class FleetOverview {

    static final long RECENT_JUMP_MS = 5 * 60_000;
    private static final double ALPHA = 0.1;

    private static final class Tile {
        final String id;
        double mean = Double.NaN;
        double bandMean = Double.NaN;
        double bandVar = 0;
        double z = Double.NaN;
        int windows;
        long lastTimeMs;
        long lastJumpMs = Long.MIN_VALUE;
        int alerts;
        final Map<String, String> firing = new HashMap<>(2);

        Tile(String id) {
            this.id = id;
        }

        int state() {
            if (firing.containsValue("critical")) return 3;
            if (!firing.isEmpty()) return 2;
            return lastJumpMs != Long.MIN_VALUE && lastTimeMs - lastJumpMs <= RECENT_JUMP_MS ? 1 : 0;
        }

        double lower() {
            return windows < 3 ? Double.NaN : bandMean - 3 * Math.sqrt(bandVar);
        }

        double upper() {
            return windows < 3 ? Double.NaN : bandMean + 3 * Math.sqrt(bandVar);
        }
    }

    private final Map<String, Tile> tiles = new HashMap<>();

    private Tile tile(String sensor) {
        return tiles.computeIfAbsent(sensor, Tile::new);
    }

    /** A final (or updated) result of the primary window. */
    public void window(String sensor, long endMs, double mean) {
        Tile t = tile(sensor);
        t.lastTimeMs = Math.max(t.lastTimeMs, endMs);
        t.mean = mean;
        if (Double.isNaN(mean)) return;
        if (Double.isNaN(t.bandMean)) {
            t.bandMean = mean;
        } else {
            double sd = Math.sqrt(t.bandVar);
            t.z = t.windows >= 3 && sd > 0 ? (mean - t.bandMean) / sd : Double.NaN;
            double d = mean - t.bandMean;
            t.bandMean += ALPHA * d;
            t.bandVar = (1 - ALPHA) * (t.bandVar + ALPHA * d * d);
        }
        t.windows++;
    }

    public void jump(String sensor, long timeMs) {
        Tile t = tile(sensor);
        t.alerts++;
        t.lastJumpMs = Math.max(t.lastJumpMs, timeMs);
        t.lastTimeMs = Math.max(t.lastTimeMs, timeMs);
    }

    public void firing(String sensor, String alertId, String severity, long timeMs) {
        Tile t = tile(sensor);
        t.alerts++;
        t.firing.put(alertId, severity);
        t.lastTimeMs = Math.max(t.lastTimeMs, timeMs);
    }

    public void resolved(String sensor, String alertId) {
        Tile t = tiles.get(sensor);
        if (t != null) t.firing.remove(alertId);
    }

    public int size() {
        return tiles.size();
    }

    /** Sort orders of the list: {@code state} (worst first, then most alerts), {@code alerts}, {@code name}, {@code avg}, {@code deviation}. */
    public ObjectNode list(String query, String sort, int offset, int limit) {
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        List<Tile> matched = new ArrayList<>(tiles.size());
        for (Tile t : tiles.values()) {
            if (q.isEmpty() || t.id.toLowerCase(Locale.ROOT).contains(q)) matched.add(t);
        }
        matched.sort(order(sort));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("total", tiles.size());
        root.put("matched", matched.size());
        root.put("offset", offset);
        ArrayNode items = root.putArray("items");
        for (int i = Math.max(0, offset); i < Math.min(matched.size(), offset + limit); i++) {
            Tile t = matched.get(i);
            ObjectNode o = items.addObject();
            o.put("sensor_id", t.id);
            JsonNumbers.put(o, "avg", t.mean);
            JsonNumbers.put(o, "lower", t.lower());
            JsonNumbers.put(o, "upper", t.upper());
            JsonNumbers.put(o, "z", t.z);
            o.put("state", t.state());
            o.put("firing", t.firing.size());
            o.put("alerts", t.alerts);
        }
        return root;
    }

    private static Comparator<Tile> order(String sort) {
        Comparator<Tile> byName = (a, b) -> NaturalOrder.compare(a.id, b.id);
        return switch (sort == null ? "state" : sort) {
            case "name" -> byName;
            case "alerts" -> Comparator.<Tile>comparingInt(t -> -t.alerts).thenComparing(byName);
            case "avg" -> Comparator.<Tile>comparingDouble(t -> Double.isNaN(t.mean) ? Double.POSITIVE_INFINITY : -t.mean).thenComparing(byName);
            case "deviation" -> Comparator.<Tile>comparingDouble(t -> Double.isNaN(t.z) ? Double.POSITIVE_INFINITY : -Math.abs(t.z))
                    .thenComparing(byName);
            default -> Comparator.<Tile>comparingInt(t -> -t.state()).thenComparingInt(t -> -t.alerts).thenComparing(byName);
        };
    }

    /**
     * All sensors as columns, in name order, for the heat map: {@code ids}, {@code state} (0–3), {@code z} (deviation
     * from the band, null when unknown), {@code avg}. Columns keep the payload near 30 bytes a sensor.
     */
    public ObjectNode columns() {
        List<Tile> all = new ArrayList<>(tiles.values());
        all.sort((a, b) -> NaturalOrder.compare(a.id, b.id));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode ids = root.putArray("ids");
        ArrayNode state = root.putArray("state");
        ArrayNode z = root.putArray("z");
        ArrayNode avg = root.putArray("avg");
        for (Tile t : all) {
            ids.add(t.id);
            state.add(t.state());
            if (Double.isFinite(t.z)) z.add(Math.round(t.z * 10) / 10.0);
            else z.addNull();
            if (Double.isFinite(t.mean)) avg.add(Math.round(t.mean * 100) / 100.0);
            else avg.addNull();
        }
        return root;
    }
}
