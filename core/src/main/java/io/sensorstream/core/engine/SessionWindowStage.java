package io.sensorstream.core.engine;

import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.state.Keys.SessionKey;
import io.sensorstream.core.state.SessionList;
import io.sensorstream.core.state.StateTable;
import io.sensorstream.core.state.WindowState;
import io.sensorstream.core.window.WindowDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Session windows: per sensor, readings at most {@code gap} apart form one session {@code [first, last]}; a reading
 * that bridges two sessions merges them. A session is final once the watermark passes {@code last + gap}, and is
 * dropped once it passes {@code last + gap + lateness}; a reading for a published session within the lateness
 * publishes an update.
 *
 * <p>Example, gap 30 s: readings at 10:00:00, 10:00:20, 10:01:00 → sessions [10:00:00, 10:00:20] and [10:01:00, …];
 * a late reading at 10:00:40 joins both into [10:00:00, 10:01:00].
 */
final class SessionWindowStage {

    private static final Comparator<SessionKey> SESSION_ORDER = Comparator.comparingInt(SessionKey::definition)
            .thenComparing(SessionKey::sensorId);

    private final WindowDefinition[] definitions;
    private final StateTable<SessionKey, SessionList> sessions;
    private final Publisher publisher;
    private final int metricCount;
    private final boolean quantiles;
    private final long latenessMs;
    /** Session lists to look at, by the earliest time one of their sessions may close or be purged (lazy). */
    private final TreeMap<Long, TreeSet<SessionKey>> checks = new TreeMap<>();

    SessionWindowStage(AnalyticsSpec spec, StateTable<SessionKey, SessionList> sessions, Publisher publisher) {
        this.definitions = spec.windows().toArray(new WindowDefinition[0]);
        this.sessions = sessions;
        this.publisher = publisher;
        this.metricCount = spec.format().metricNames().size();
        this.quantiles = !spec.percentiles().isEmpty();
        this.latenessMs = spec.allowedLatenessMs();
        sessions.forEach(this::scheduleCheck);
    }

    /** @return null when a session of definition {@code d} took the reading, otherwise why it is late */
    LateReading add(int d, Reading r, long w) {
        WindowDefinition.Session def = (WindowDefinition.Session) definitions[d];
        SessionKey key = new SessionKey(d, r.sensorId());
        SessionList list = sessions.get(key);
        long t = r.eventTimeMs();
        long gap = def.gapMs();
        List<SessionList.Session> touching = list == null ? List.of() : list.touching(t, gap);
        SessionList.Session target;
        if (touching.isEmpty()) {
            if (w != Long.MIN_VALUE && t + gap + latenessMs < w) {
                return new LateReading(def.name(), t, t, w);
            }
            if (list == null) {
                list = new SessionList();
            }
            target = list.open(t, new WindowState(metricCount, quantiles));
        } else {
            target = null;
            for (SessionList.Session s : touching) {
                if (s.state().published()) {
                    target = s;
                    break;
                }
            }
            if (target == null) {
                target = touching.get(0);
                for (int i = 1; i < touching.size(); i++) {
                    list.absorb(target, touching.get(i));
                }
            }
            target.extend(t);
        }
        target.state().add(r);
        list.sort();
        sessions.put(key, list);
        if (target.state().published()) {
            int revision = target.state().nextRevision();
            publisher.window(r.sensorId(), def, target.firstMs(), target.lastMs(), EmitKind.UPDATE, revision, target.state());
        }
        scheduleCheck(key, list);
        return null;
    }

    /**
     * Publishes sessions the watermark closed and drops those past their lateness. The lists are handled in order of
     * when each has something due, then by key: the index may hold stale, earlier entries (it is lazy), and a restored
     * index does not, so ordering by the index would make the order of results depend on history.
     */
    void closeDue(long w) {
        if (checks.isEmpty() || checks.firstKey() > w) {
            return;
        }
        TreeSet<SessionKey> due = new TreeSet<>(SESSION_ORDER);
        while (!checks.isEmpty() && checks.firstKey() <= w) {
            due.addAll(checks.pollFirstEntry().getValue());
        }
        List<SessionKey> ordered = new ArrayList<>(due);
        ordered.sort(Comparator.<SessionKey>comparingLong(this::nextDue).thenComparing(SESSION_ORDER));
        for (SessionKey key : ordered) {
            check(key, w);
        }
    }

    private long nextDue(SessionKey key) {
        SessionList list = sessions.get(key);
        return list == null ? Long.MAX_VALUE : nextDue(key, list);
    }

    private long nextDue(SessionKey key, SessionList list) {
        long gap = ((WindowDefinition.Session) definitions[key.definition()]).gapMs();
        long next = Long.MAX_VALUE;
        for (SessionList.Session s : list.sessions()) {
            long due = s.state().published() ? s.lastMs() + gap + latenessMs + 1 : s.lastMs() + gap + 1;
            next = Math.min(next, due);
        }
        return next;
    }

    private void scheduleCheck(SessionKey key, SessionList list) {
        long next = nextDue(key, list);
        if (next != Long.MAX_VALUE) {
            checks.computeIfAbsent(next, k -> new TreeSet<>(SESSION_ORDER)).add(key);
        }
    }

    private void check(SessionKey key, long w) {
        SessionList list = sessions.get(key);
        if (list == null) {
            return;
        }
        WindowDefinition.Session def = (WindowDefinition.Session) definitions[key.definition()];
        boolean changed = false;
        for (Iterator<SessionList.Session> it = list.iterator(); it.hasNext(); ) {
            SessionList.Session s = it.next();
            if (!s.state().published() && s.lastMs() + def.gapMs() < w) {
                publisher.window(key.sensorId(), def, s.firstMs(), s.lastMs(), EmitKind.FINAL, s.state().nextRevision(), s.state());
                changed = true;
            }
            if (s.state().published() && s.lastMs() + def.gapMs() + latenessMs < w) {
                it.remove();
                changed = true;
            }
        }
        if (list.isEmpty()) {
            sessions.remove(key);
            return;
        }
        if (changed) {
            sessions.put(key, list);
        }
        scheduleCheck(key, list);
    }
}
