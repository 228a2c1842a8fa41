package io.sensorstream.core.engine;

import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.detect.JumpDetector;
import io.sensorstream.core.detect.SensorAlerting;
import io.sensorstream.core.engine.Keys.PendingKey;
import io.sensorstream.core.engine.Keys.SessionKey;
import io.sensorstream.core.engine.Keys.WindowKey;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.time.Watermark;
import io.sensorstream.core.window.WindowDefinition;
import io.sensorstream.core.window.WindowSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The analytics of one input partition: event-time windows of every configured kind closed by the watermark, allowed
 * lateness with revisions, optional early results, and the detectors (the seed's jump rule and the
 * {@link SensorAlerting detector suite}) fed in event-time order. Pure Java and
 * deterministic: the same readings in the same order give the same outputs, whether hosted by the Kafka Streams
 * processor or by {@code replay}.
 *
 * <p>Per reading at event time {@code t} with watermark {@code W} (before the reading):
 * <ol>
 *   <li>Each window containing {@code t} that is open ({@code end > W}) aggregates it. A closed window within its
 *       allowed lateness ({@code end + lateness > W}) aggregates it and publishes an update with the next revision.
 *       If no window took the reading, it is late and goes to {@link AnalyticsOutput#late}.</li>
 *   <li>The reading waits in the pending table until {@code t < W}; pending readings reach the detector sorted by
 *       event time, ties by sequence. One already behind the watermark is checked at once (arrival order).</li>
 *   <li>When {@code W} advances: release pending readings, publish early results if due, publish final results of
 *       windows with {@code end <= W} (sessions: {@code last + gap < W}), and drop state past its lateness.</li>
 * </ol>
 *
 * <p>State lives in {@link AnalyticsState} tables; the sorted indexes here are derived from them and rebuilt on
 * construction, so a restarted instance continues exactly where the restored tables left off. Not thread-safe.
 */
public final class PartitionAnalytics {

    private static final Comparator<WindowKey> WINDOW_ORDER = Comparator.comparingInt(WindowKey::definition)
            .thenComparing(WindowKey::sensorId).thenComparingLong(WindowKey::startMs);
    private static final Comparator<SessionKey> SESSION_ORDER = Comparator.comparingInt(SessionKey::definition)
            .thenComparing(SessionKey::sensorId);

    private final AnalyticsSpec spec;
    private final AnalyticsState state;
    private final AnalyticsOutput out;
    private final WindowDefinition[] definitions;
    private final String[] metricNames;
    private final double[] percentiles;
    private final boolean quantiles;
    private final JumpDetector jump;
    /** The detector suite, or null when none is configured. */
    private final SensorAlerting alerting;
    private final Watermark watermark;

    /** Fixed windows not yet final, by end; within one end in key order, so output order never depends on history. */
    private final TreeMap<Long, TreeSet<WindowKey>> closing = new TreeMap<>();
    /** Fixed windows already final, by end + lateness. */
    private final TreeMap<Long, TreeSet<WindowKey>> purging = new TreeMap<>();
    /** Session lists to look at, by the earliest time one of their sessions may close or be purged (lazy). */
    private final TreeMap<Long, TreeSet<SessionKey>> sessionChecks = new TreeMap<>();
    /** Pending readings by key order. */
    private final PendingQueue pendingIndex = new PendingQueue();
    /** Windows changed since the last early publication (not persisted: early results are previews). */
    private final Set<WindowKey> dirty = new LinkedHashSet<>();
    /** Watermark at which silent sensors are next looked for. */
    private long nextTtlSweep = Long.MIN_VALUE;

    public PartitionAnalytics(AnalyticsSpec spec, AnalyticsState state, AnalyticsOutput out) {
        this.spec = spec;
        this.state = state;
        this.out = out;
        this.definitions = spec.windows().toArray(new WindowDefinition[0]);
        this.metricNames = spec.format().metricNames().toArray(new String[0]);
        this.percentiles = spec.percentiles().stream().mapToDouble(Double::doubleValue).toArray();
        this.quantiles = percentiles.length > 0;
        this.jump = spec.detectJumps() ? new JumpDetector(spec.jumpThreshold()) : null;
        this.watermark = new Watermark(spec.watermarkDelayMs());
        rebuildIndexes();
        this.alerting = spec.detection().active()
                ? new SensorAlerting(spec.detection(), spec.format().metricNames(), state.detectors(), out::alertEvent)
                : null;
    }

    private void rebuildIndexes() {
        Long max = state.progress().get(AnalyticsState.MAX_EVENT_TIME);
        if (max != null) {
            watermark.restore(max);
        }
        state.windows().forEach((key, ws) -> {
            WindowSpec w = fixed(key.definition());
            long end = key.startMs() + w.sizeMs();
            if (ws.published()) {
                add(purging, end + spec.allowedLatenessMs(), key);
            } else {
                add(closing, end, key);
            }
        });
        state.sessions().forEach((key, list) -> scheduleSessionCheck(key, list));
        TreeMap<PendingKey, Reading> pending = new TreeMap<>();
        state.pending().forEach(pending::put);
        pending.forEach(pendingIndex::add);
    }

    public AnalyticsSpec spec() {
        return spec;
    }

    /** The current watermark, {@link Long#MIN_VALUE} before any reading. */
    public long watermark() {
        return watermark.current();
    }

    /** The largest event time seen (or advanced to), {@link Long#MIN_VALUE} before any. */
    public long maxEventTime() {
        return watermark.maxEventTimeMs();
    }

    /** Number of readings waiting for the watermark. */
    public int pendingCount() {
        return pendingIndex.size();
    }

    /**
     * Processes one valid reading.
     *
     * @param sequence unique and increasing per partition (the Kafka offset); orders equal event times
     */
    public void onReading(Reading r, long sequence) {
        long w = watermark.current();
        boolean accepted = false;
        LateReading late = null;
        for (int d = 0; d < definitions.length; d++) {
            if (definitions[d] instanceof WindowDefinition.Fixed f) {
                WindowSpec ws = f.spec();
                long last = ws.lastStartFor(r.eventTimeMs());
                for (long start = ws.firstStartFor(r.eventTimeMs()); start <= last; start += ws.advanceMs()) {
                    long end = start + ws.sizeMs();
                    if (w == Long.MIN_VALUE || end > w) {
                        addToOpenWindow(new WindowKey(d, r.sensorId(), start), end, r);
                        accepted = true;
                    } else if (end + spec.allowedLatenessMs() > w) {
                        addToClosedWindow(new WindowKey(d, r.sensorId(), start), end, r);
                        accepted = true;
                    } else {
                        late = new LateReading(f.name(), start, end, w);
                    }
                }
            } else {
                WindowDefinition.Session s = (WindowDefinition.Session) definitions[d];
                LateReading sessionLate = addToSession(d, s, r, w);
                if (sessionLate == null) {
                    accepted = true;
                } else {
                    late = sessionLate;
                }
            }
        }
        if (!accepted) {
            out.late(r, late);
            return;
        }
        if (jump != null || alerting != null) {
            if (w != Long.MIN_VALUE && r.eventTimeMs() < w) {
                detect(r, true);
            } else {
                PendingKey key = new PendingKey(r.eventTimeMs(), sequence);
                state.pending().put(key, r);
                pendingIndex.add(key, r);
            }
        }
        if (watermark.observe(r.eventTimeMs())) {
            onWatermarkAdvanced(w);
        } else if (w != Long.MIN_VALUE) {
            closeDue(w);
        }
    }

    /**
     * Moves event time forward without a reading, as if one at {@code eventTimeMs} had arrived: used by the idle
     * timeout (a quiet partition's watermark follows the clock) and by replay's flush at end of input.
     */
    public void advanceTo(long eventTimeMs) {
        long before = watermark.current();
        if (watermark.observe(eventTimeMs)) {
            onWatermarkAdvanced(before);
        }
    }

    private void onWatermarkAdvanced(long previous) {
        state.progress().put(AnalyticsState.MAX_EVENT_TIME, watermark.maxEventTimeMs());
        long w = watermark.current();
        releasePending(w);
        if (alerting != null) {
            alerting.onWatermark(w);
        }
        if (spec.earlyIntervalMs() > 0 && !dirty.isEmpty()
                && previous != Long.MIN_VALUE
                && Math.floorDiv(w, spec.earlyIntervalMs()) > Math.floorDiv(previous, spec.earlyIntervalMs())) {
            publishEarly(w);
        }
        closeDue(w);
        if (spec.sensorTtlMs() > 0 && w >= nextTtlSweep) {
            expireSilentSensors(w);
            nextTtlSweep = w + Math.max(1_000, spec.sensorTtlMs() / 4);
        }
    }

    private void closeDue(long w) {
        while (!closing.isEmpty() && closing.firstKey() <= w) {
            for (WindowKey key : closing.pollFirstEntry().getValue()) {
                WindowState ws = state.windows().get(key);
                if (ws == null || ws.published()) {
                    continue;
                }
                long end = key.startMs() + fixed(key.definition()).sizeMs();
                publish(key.sensorId(), definitions[key.definition()], key.startMs(), end, EmitKind.FINAL, ws.nextRevision(), ws);
                dirty.remove(key);
                if (spec.allowedLatenessMs() > 0) {
                    state.windows().put(key, ws);
                    add(purging, end + spec.allowedLatenessMs(), key);
                } else {
                    state.windows().remove(key);
                }
            }
        }
        while (!purging.isEmpty() && purging.firstKey() <= w) {
            for (WindowKey key : purging.pollFirstEntry().getValue()) {
                state.windows().remove(key);
            }
        }
        while (!sessionChecks.isEmpty() && sessionChecks.firstKey() <= w) {
            for (SessionKey key : sessionChecks.pollFirstEntry().getValue()) {
                checkSessions(key, w);
            }
        }
    }

    private void addToOpenWindow(WindowKey key, long end, Reading r) {
        WindowState ws = state.windows().get(key);
        if (ws == null) {
            ws = new WindowState(metricNames.length, quantiles);
            add(closing, end, key);
        }
        ws.add(r);
        state.windows().put(key, ws);
        if (spec.earlyIntervalMs() > 0) {
            dirty.add(key);
        }
    }

    private void addToClosedWindow(WindowKey key, long end, Reading r) {
        WindowState ws = state.windows().get(key);
        boolean fresh = ws == null;
        if (fresh) {
            ws = new WindowState(metricNames.length, quantiles);
            add(purging, end + spec.allowedLatenessMs(), key);
        }
        ws.add(r);
        int revision = ws.nextRevision();
        state.windows().put(key, ws);
        publish(key.sensorId(), definitions[key.definition()], key.startMs(), end,
                revision == 0 ? EmitKind.FINAL : EmitKind.UPDATE, revision, ws);
    }

    /** @return null when a session took the reading, otherwise why it is late */
    private LateReading addToSession(int d, WindowDefinition.Session def, Reading r, long w) {
        SessionKey key = new SessionKey(d, r.sensorId());
        SessionList list = state.sessions().get(key);
        long t = r.eventTimeMs();
        long gap = def.gapMs();
        List<SessionList.Session> touching = new ArrayList<>(2);
        if (list != null) {
            for (SessionList.Session s : list.sessions) {
                if (t >= s.firstMs - gap && t <= s.lastMs + gap) {
                    touching.add(s);
                }
            }
        }
        SessionList.Session target;
        if (touching.isEmpty()) {
            if (w != Long.MIN_VALUE && t + gap + spec.allowedLatenessMs() < w) {
                return new LateReading(def.name(), t, t, w);
            }
            if (list == null) {
                list = new SessionList();
            }
            target = new SessionList.Session(t, t, new WindowState(metricNames.length, quantiles));
            list.sessions.add(target);
        } else {
            SessionList.Session published = null;
            for (SessionList.Session s : touching) {
                if (s.state.published()) {
                    published = s;
                    break;
                }
            }
            if (published != null) {
                target = published;
            } else {
                target = touching.get(0);
                for (int i = 1; i < touching.size(); i++) {
                    SessionList.Session other = touching.get(i);
                    target.state.merge(other.state);
                    target.firstMs = Math.min(target.firstMs, other.firstMs);
                    target.lastMs = Math.max(target.lastMs, other.lastMs);
                    list.sessions.remove(other);
                }
            }
            target.firstMs = Math.min(target.firstMs, t);
            target.lastMs = Math.max(target.lastMs, t);
        }
        target.state.add(r);
        list.sort();
        state.sessions().put(key, list);
        if (target.state.published()) {
            int revision = target.state.nextRevision();
            publish(r.sensorId(), def, target.firstMs, target.lastMs, EmitKind.UPDATE, revision, target.state);
        }
        scheduleSessionCheck(key, list);
        return null;
    }

    private void scheduleSessionCheck(SessionKey key, SessionList list) {
        long gap = ((WindowDefinition.Session) definitions[key.definition()]).gapMs();
        long next = Long.MAX_VALUE;
        for (SessionList.Session s : list.sessions) {
            long due = s.state.published() ? s.lastMs + gap + spec.allowedLatenessMs() + 1 : s.lastMs + gap + 1;
            next = Math.min(next, due);
        }
        if (next != Long.MAX_VALUE) {
            sessionChecks.computeIfAbsent(next, k -> new TreeSet<>(SESSION_ORDER)).add(key);
        }
    }

    private void checkSessions(SessionKey key, long w) {
        SessionList list = state.sessions().get(key);
        if (list == null) {
            return;
        }
        WindowDefinition.Session def = (WindowDefinition.Session) definitions[key.definition()];
        boolean changed = false;
        for (var it = list.sessions.iterator(); it.hasNext(); ) {
            SessionList.Session s = it.next();
            if (!s.state.published() && s.lastMs + def.gapMs() < w) {
                publish(key.sensorId(), def, s.firstMs, s.lastMs, EmitKind.FINAL, s.state.nextRevision(), s.state);
                changed = true;
            }
            if (s.state.published() && s.lastMs + def.gapMs() + spec.allowedLatenessMs() < w) {
                it.remove();
                changed = true;
            }
        }
        if (list.sessions.isEmpty()) {
            state.sessions().remove(key);
            return;
        }
        if (changed) {
            state.sessions().put(key, list);
        }
        scheduleSessionCheck(key, list);
    }

    /** Drops the detector state of sensors whose last reading is older than {@code W − ttl}. */
    private void expireSilentSensors(long w) {
        long limit = w - spec.sensorTtlMs();
        List<String> silent = new ArrayList<>();
        state.lastReadings().forEach((sensor, last) -> {
            long latest = Long.MIN_VALUE;
            for (long t : last.times) latest = Math.max(latest, t);
            if (latest < limit) silent.add(sensor);
        });
        silent.sort(null);
        for (String sensor : silent) {
            state.lastReadings().remove(sensor);
            if (alerting != null) {
                alerting.expire(sensor, w);
            }
        }
        if (!silent.isEmpty()) {
            out.sensorsExpired(silent.size());
        }
    }

    private void publishEarly(long w) {
        for (WindowKey key : dirty) {
            WindowState ws = state.windows().get(key);
            long end = key.startMs() + fixed(key.definition()).sizeMs();
            if (ws != null && !ws.published() && end > w) {
                publish(key.sensorId(), definitions[key.definition()], key.startMs(), end, EmitKind.EARLY, -1, ws);
            }
        }
        dirty.clear();
    }

    private void releasePending(long w) {
        PendingKey first;
        while ((first = pendingIndex.firstKey()) != null && first.eventTimeMs() < w) {
            Reading r = pendingIndex.pollFirst(first);
            state.pending().remove(first);
            detect(r, false);
        }
    }

    private void detect(Reading r, boolean outOfOrder) {
        LastReading last = state.lastReadings().get(r.sensorId());
        if (last == null) {
            last = new LastReading(metricNames.length);
        }
        double[] values = r.values();
        for (int m = 0; m < values.length; m++) {
            double v = values[m];
            if (Double.isNaN(v)) {
                continue;
            }
            if (jump != null && last.times[m] != Long.MIN_VALUE) {
                JumpAlert alert = jump.check(r.sensorId(), metricNames[m], last.values[m], last.times[m], v, r.eventTimeMs());
                if (alert != null) {
                    out.alert(alert);
                }
            }
            if (!outOfOrder || last.times[m] <= r.eventTimeMs()) {
                last.times[m] = r.eventTimeMs();
                last.values[m] = v;
            }
        }
        state.lastReadings().put(r.sensorId(), last);
        if (alerting != null) {
            alerting.onReading(r.sensorId(), values, r.eventTimeMs());
        }
    }

    private void publish(String sensorId, WindowDefinition def, long start, long end, EmitKind kind, int revision, WindowState ws) {
        out.window(new WindowResult(sensorId, def, start, end, kind, revision, ws));
    }

    private WindowSpec fixed(int definition) {
        return ((WindowDefinition.Fixed) definitions[definition]).spec();
    }

    private static void add(TreeMap<Long, TreeSet<WindowKey>> index, long time, WindowKey key) {
        index.computeIfAbsent(time, k -> new TreeSet<>(WINDOW_ORDER)).add(key);
    }

    /** The configured percentiles, for encoders. */
    public double[] percentiles() {
        return percentiles.clone();
    }
}
