package io.sensorstream.core.state;

import java.nio.ByteBuffer;

/**
 * {@link SessionList} v2: session count (int), then per session first (long), last (long) and its window state (the
 * {@link WindowStateCodec} layout without a version byte, so v2 embeds window states of v2, v1 of v1).
 */
public final class SessionListCodec extends VersionedCodec<SessionList> {

    public SessionListCodec() {
        super("session-list", 2);
    }

    @Override
    protected void write(SessionList v, BinaryWriter out) {
        out.putInt(v.sessions().size());
        for (SessionList.Session s : v.sessions()) {
            out.putLong(s.firstMs()).putLong(s.lastMs());
            WindowStateCodec.writeState(s.state(), out);
        }
    }

    @Override
    protected SessionList read(int version, ByteBuffer in) {
        SessionList list = new SessionList();
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("session count " + n);
        for (int i = 0; i < n; i++) {
            long first = in.getLong();
            long last = in.getLong();
            list.restore(first, last, WindowStateCodec.readState(in));
        }
        return list;
    }
}
