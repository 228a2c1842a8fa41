package io.sensorstream.app.web.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The alert feed the page pages through: the last {@code capacity} jump alerts (point events: state {@code EVENT}) and
 * alert lifecycle events ({@code FIRING}, {@code RESOLVED}) in arrival order, each with a sequence number as its cursor.
 * A FIRING entry learns when its alert resolved, so the feed can say "firing for 40 s" or "resolved after 40 s".
 * Not thread-safe: {@code LiveView} guards it.
 */
public final class AlertLog {

    /** State of a jump alert: an instant, never firing or resolved. */
    public static final String EVENT = "EVENT";

    /** One feed entry; {@code node} is the record as published. */
    public record Entry(long seq, String sensor, String detector, String severity, String state, String alertId, long timeMs,
                        JsonNode node) {
    }

    /** What the feed is filtered by; null or empty = any. */
    public record Filter(String sensor, String detector, String severity, String state) {
        boolean matches(Entry e) {
            return any(sensor, e.sensor) && any(detector, e.detector) && any(severity, e.severity) && any(state, e.state);
        }

        private static boolean any(String wanted, String value) {
            return wanted == null || wanted.isEmpty() || wanted.equals(value);
        }
    }

    /** One page, newest first; {@code nextBefore} is the cursor of the next (older) page, −1 when there is none. */
    public record Page(List<Entry> items, long nextBefore) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    /** When each recently resolved alert resolved (its RESOLVED event's time), by alert id. */
    private final Map<String, Long> resolvedAt = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > capacity;
        }
    };
    private final TreeSet<String> detectors = new TreeSet<>();
    private final TreeSet<String> severities = new TreeSet<>();
    private long seq;

    public AlertLog(int capacity) {
        this.capacity = capacity;
    }

    public void add(String sensor, String detector, String severity, String state, String alertId, long timeMs, JsonNode node) {
        entries.addLast(new Entry(++seq, sensor, detector, severity, state, alertId, timeMs, node));
        if (entries.size() > capacity) entries.removeFirst();
        if (detectors.size() < 100) detectors.add(detector);
        if (severity != null && severities.size() < 20) severities.add(severity);
        if ("RESOLVED".equals(state) && alertId != null) resolvedAt.put(alertId, timeMs);
    }

    /** Entries matching {@code filter} with a sequence number below {@code before} (≤ 0: from the newest), newest first. */
    public Page page(Filter filter, long before, int limit) {
        List<Entry> out = new ArrayList<>(Math.min(limit, 256));
        Iterator<Entry> it = entries.descendingIterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (before > 0 && e.seq >= before) continue;
            if (!filter.matches(e)) continue;
            if (out.size() == limit) return new Page(out, out.get(out.size() - 1).seq);
            out.add(e);
        }
        return new Page(out, -1);
    }

    public int size() {
        return entries.size();
    }

    /**
     * The page as JSON: each record as published plus {@code seq}, {@code kind} ({@code event} for jump alerts,
     * {@code lifecycle} otherwise) and, for lifecycle alerts, {@code resolved_at} (a FIRING entry of an alert resolved
     * since) and {@code duration_ms} (how long it fired: until it resolved, or until {@code nowMs}).
     */
    public ObjectNode toJson(Page page, long nowMs) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode items = root.putArray("items");
        for (Entry e : page.items) {
            ObjectNode o = e.node.isObject() ? ((ObjectNode) e.node).deepCopy() : JsonNodeFactory.instance.objectNode();
            o.put("seq", e.seq);
            o.put("kind", EVENT.equals(e.state) ? "event" : "lifecycle");
            if (!EVENT.equals(e.state)) {
                long since = e.node.path("firing_since").asLong(0);
                Long resolved = "RESOLVED".equals(e.state) ? Long.valueOf(e.timeMs) : resolvedAt.get(e.alertId);
                if (resolved != null) o.put("resolved_at", resolved);
                if (since > 0) o.put("duration_ms", Math.max(0, (resolved != null ? resolved : nowMs) - since));
            }
            items.add(o);
        }
        root.put("next_before", page.nextBefore);
        root.put("held", entries.size());
        root.put("capacity", capacity);
        ArrayNode d = root.putArray("detectors");
        detectors.forEach(d::add);
        ArrayNode s = root.putArray("severities");
        severities.forEach(s::add);
        return root;
    }
}
