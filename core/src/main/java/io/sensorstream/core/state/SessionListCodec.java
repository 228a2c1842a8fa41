package io.sensorstream.core.state;

import java.nio.ByteBuffer;

/**
 * {@link SessionList} v3: session count (varint), then per session first and last (zigzag varints) and its window state
 * (the {@link WindowStateCodec} layout without a version byte: v3 embeds window states of v3). v2 (int count, longs,
 * window states of v2) and v1 (of v1) read as before.
 */
public final class SessionListCodec extends VersionedCodec<SessionList> {

    public SessionListCodec() {
        super("session-list", WindowStateCodec.LAYOUT);
    }

    @Override
    protected void write(SessionList v, BinaryWriter out) {
        out.putVarint(v.sessions().size());
        for (SessionList.Session s : v.sessions()) {
            out.putZigzag(s.firstMs()).putZigzag(s.lastMs());
            WindowStateCodec.writeState(s.state(), out);
        }
    }

    @Override
    protected SessionList read(int version, ByteBuffer in) {
        SessionList list = new SessionList();
        long n = version >= 3 ? BinaryWriter.readVarint(in) : in.getInt();
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("session count " + n);
        for (int i = 0; i < n; i++) {
            long first = version >= 3 ? BinaryWriter.readZigzag(in) : in.getLong();
            long last = version >= 3 ? BinaryWriter.readZigzag(in) : in.getLong();
            list.restore(first, last, WindowStateCodec.readState(version, in));
        }
        return list;
    }
}
