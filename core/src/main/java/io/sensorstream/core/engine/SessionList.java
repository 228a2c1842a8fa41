package io.sensorstream.core.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The sessions of one sensor under one session definition, sorted by start; usually one. */
public final class SessionList {

    /** One session: first and last event time and its aggregate. */
    public static final class Session {
        long firstMs;
        long lastMs;
        final WindowState state;

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
    }

    final List<Session> sessions = new ArrayList<>(2);

    public List<Session> sessions() {
        return sessions;
    }

    void sort() {
        sessions.sort((a, b) -> Long.compare(a.firstMs, b.firstMs));
    }

    public byte[] encode() {
        List<byte[]> states = new ArrayList<>(sessions.size());
        int size = 4;
        for (Session s : sessions) {
            byte[] st = s.state.encode();
            states.add(st);
            size += 8 + 8 + 4 + st.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(sessions.size());
        for (int i = 0; i < sessions.size(); i++) {
            Session s = sessions.get(i);
            b.putLong(s.firstMs).putLong(s.lastMs).putInt(states.get(i).length).put(states.get(i));
        }
        return b.array();
    }

    public static SessionList decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        SessionList list = new SessionList();
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            long first = b.getLong();
            long last = b.getLong();
            byte[] st = new byte[b.getInt()];
            b.get(st);
            list.sessions.add(new Session(first, last, WindowState.decode(st)));
        }
        return list;
    }
}
