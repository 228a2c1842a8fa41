package io.sensorstream.core.engine;

import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.state.Keys.WindowKey;
import io.sensorstream.core.state.StateTable;
import io.sensorstream.core.state.WindowState;
import io.sensorstream.core.window.WindowDefinition;
import io.sensorstream.core.window.WindowSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.List;

/**
 * Tumbling and hopping windows: assign a reading to every window {@code [s, s + size)} containing its event time,
 * aggregate it, publish a window's final result once the watermark reaches its end, accept readings within the
 * allowed lateness as updates (next revision), publish early results of changed open windows, and drop a window's
 * state once the watermark passes {@code end + lateness}.
 *
 * <p>The closing and purging indexes are derived from the window table and rebuilt on construction, so a restored
 * task continues exactly. Within one end time windows close in key order, so output order never depends on history.
 */
final class FixedWindowStage {

    private static final Comparator<WindowKey> WINDOW_ORDER = Comparator.comparingInt(WindowKey::definition)
            .thenComparing(WindowKey::sensorId).thenComparingLong(WindowKey::startMs);

    private final WindowDefinition[] definitions;
    private final StateTable<WindowKey, WindowState> windows;
    private final Publisher publisher;
    private final int metricCount;
    private final boolean quantiles;
    private final long latenessMs;
    private final long earlyIntervalMs;

    /**
     * Windows not yet final, by end. A list per end, sorted (and freed of repeats) when due: a sorted set would cost an
     * entry object per open window (40 bytes, 38 MiB at a million sensors) for an order needed only at the end.
     */
    private final TreeMap<Long, ArrayList<WindowKey>> closing = new TreeMap<>();
    /** Windows already final, by end + lateness. */
    private final TreeMap<Long, ArrayList<WindowKey>> purging = new TreeMap<>();
    /** Windows changed since the last early publication (not persisted: early results are previews). */
    private final Set<WindowKey> dirty = new LinkedHashSet<>();

    FixedWindowStage(AnalyticsSpec spec, StateTable<WindowKey, WindowState> windows, Publisher publisher) {
        this.definitions = spec.windows().toArray(new WindowDefinition[0]);
        this.windows = windows;
        this.publisher = publisher;
        this.metricCount = spec.format().metricNames().size();
        this.quantiles = !spec.percentiles().isEmpty();
        this.latenessMs = spec.allowedLatenessMs();
        this.earlyIntervalMs = spec.earlyIntervalMs();
        windows.forEach((key, ws) -> {
            long end = key.startMs() + spec(key.definition()).sizeMs();
            if (ws.published()) {
                add(purging, end + latenessMs, key);
            } else {
                add(closing, end, key);
            }
        });
    }

    /**
     * Adds the reading to every window of definition {@code d} that still takes it at watermark {@code w}.
     *
     * @return null when a window took it, else why it is late (the last window's, for hopping windows)
     */
    LateReading add(int d, Reading r, long w) {
        WindowDefinition.Fixed def = (WindowDefinition.Fixed) definitions[d];
        WindowSpec ws = def.spec();
        boolean accepted = false;
        LateReading late = null;
        long last = ws.lastStartFor(r.eventTimeMs());
        for (long start = ws.firstStartFor(r.eventTimeMs()); start <= last; start += ws.advanceMs()) {
            long end = start + ws.sizeMs();
            if (w == Long.MIN_VALUE || end > w) {
                addToOpen(new WindowKey(d, r.sensorId(), start), end, r);
                accepted = true;
            } else if (end + latenessMs > w) {
                addToClosed(new WindowKey(d, r.sensorId(), start), end, r);
                accepted = true;
            } else {
                late = new LateReading(def.name(), start, end, w);
            }
        }
        return accepted ? null : late;
    }

    private void addToOpen(WindowKey key, long end, Reading r) {
        WindowState ws = windows.getForUpdate(key);
        if (ws == null) {
            ws = new WindowState(metricCount, quantiles);
            add(closing, end, key);
            windows.put(key, ws);
        }
        ws.add(r);
        if (earlyIntervalMs > 0) {
            dirty.add(key);
        }
    }

    private void addToClosed(WindowKey key, long end, Reading r) {
        WindowState ws = windows.get(key);
        if (ws == null) {
            ws = new WindowState(metricCount, quantiles);
            add(purging, end + latenessMs, key);
        }
        ws.add(r);
        int revision = ws.nextRevision();
        windows.put(key, ws);
        publisher.window(key.sensorId(), definitions[key.definition()], key.startMs(), end,
                revision == 0 ? EmitKind.FINAL : EmitKind.UPDATE, revision, ws);
    }

    /** Publishes early results when the watermark moved from {@code previous} across a multiple of the interval. */
    void publishEarlyIfDue(long previous, long w) {
        if (earlyIntervalMs == 0 || dirty.isEmpty() || previous == Long.MIN_VALUE
                || Math.floorDiv(w, earlyIntervalMs) <= Math.floorDiv(previous, earlyIntervalMs)) {
            return;
        }
        for (WindowKey key : dirty) {
            WindowState ws = windows.get(key);
            long end = key.startMs() + spec(key.definition()).sizeMs();
            if (ws != null && !ws.published() && end > w) {
                publisher.window(key.sensorId(), definitions[key.definition()], key.startMs(), end, EmitKind.EARLY, -1, ws);
            }
        }
        dirty.clear();
    }

    /** Publishes the windows whose end the watermark reached; drops those past their lateness. */
    void closeDue(long w) {
        while (!closing.isEmpty() && closing.firstKey() <= w) {
            for (WindowKey key : inOrder(closing.pollFirstEntry().getValue())) {
                WindowState ws = windows.get(key);
                if (ws == null || ws.published()) {
                    continue;
                }
                long end = key.startMs() + spec(key.definition()).sizeMs();
                publisher.window(key.sensorId(), definitions[key.definition()], key.startMs(), end, EmitKind.FINAL,
                        ws.nextRevision(), ws);
                dirty.remove(key);
                if (latenessMs > 0) {
                    windows.put(key, ws);
                    add(purging, end + latenessMs, key);
                } else {
                    windows.remove(key);
                }
            }
        }
        while (!purging.isEmpty() && purging.firstKey() <= w) {
            for (WindowKey key : inOrder(purging.pollFirstEntry().getValue())) {
                windows.remove(key);
            }
        }
    }

    private WindowSpec spec(int definition) {
        return ((WindowDefinition.Fixed) definitions[definition]).spec();
    }

    private static void add(TreeMap<Long, ArrayList<WindowKey>> index, long time, WindowKey key) {
        index.computeIfAbsent(time, k -> new ArrayList<>()).add(key);
    }

    /** The keys in window order (definition, sensor, start), each once. */
    private static List<WindowKey> inOrder(ArrayList<WindowKey> keys) {
        keys.sort(WINDOW_ORDER);
        int n = 0;
        for (int i = 0; i < keys.size(); i++) {
            WindowKey k = keys.get(i);
            if (n == 0 || WINDOW_ORDER.compare(keys.get(n - 1), k) != 0) keys.set(n++, k);
        }
        return keys.subList(0, n);
    }
}
