package io.sensorstream.core.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** The sessions of one sensor under one session definition, sorted by start; usually one. */
public final class SessionList {

    /** One session: first and last event time and its aggregate. */
    public static final class Session {
        private long firstMs;
        private long lastMs;
        private final WindowState state;

        Session(long firstMs, long lastMs, WindowState state) {
            this.firstMs = firstMs;
            this.lastMs = lastMs;
            this.state = state;
        }

        public long firstMs() {
            return firstMs;
        }

        public long lastMs() {
            return lastMs;
        }

        public WindowState state() {
            return state;
        }

        /** Widens the session to include event time {@code t}. */
        public void extend(long t) {
            firstMs = Math.min(firstMs, t);
            lastMs = Math.max(lastMs, t);
        }
    }

    private final List<Session> sessions = new ArrayList<>(2);

    /** The sessions, sorted by start; read-only. */
    public List<Session> sessions() {
        return Collections.unmodifiableList(sessions);
    }

    public boolean isEmpty() {
        return sessions.isEmpty();
    }

    /** Sessions that {@code t} falls into or within {@code gap} of. */
    public List<Session> touching(long t, long gap) {
        List<Session> out = new ArrayList<>(2);
        for (Session s : sessions) {
            if (t >= s.firstMs - gap && t <= s.lastMs + gap) {
                out.add(s);
            }
        }
        return out;
    }

    /** Opens a new session at {@code t}. */
    public Session open(long t, WindowState state) {
        Session s = new Session(t, t, state);
        sessions.add(s);
        sort();
        return s;
    }

    /** Folds {@code other} into {@code target} (a reading bridged them) and drops it. */
    public void absorb(Session target, Session other) {
        target.state.merge(other.state);
        target.firstMs = Math.min(target.firstMs, other.firstMs);
        target.lastMs = Math.max(target.lastMs, other.lastMs);
        sessions.remove(other);
    }

    /** Keeps the list sorted by start after sessions changed. */
    public void sort() {
        sessions.sort((a, b) -> Long.compare(a.firstMs, b.firstMs));
    }

    /** Iterates in start order; {@link Iterator#remove()} drops a session. */
    public Iterator<Session> iterator() {
        return sessions.iterator();
    }

    /** For {@link SessionListCodec}: appends a decoded session. */
    void restore(long firstMs, long lastMs, WindowState state) {
        sessions.add(new Session(firstMs, lastMs, state));
    }
}
