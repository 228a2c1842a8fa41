package io.sensorstream.core.state;

import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.SensorDetectors;
import java.nio.ByteBuffer;

/**
 * {@link SensorRecord} v3: window count (varint), then per window definition (varint), start (zigzag varint) and a
 * {@link WindowStateCodec window-state}; session-definition count (varint), then per definition (varint) a
 * {@link SessionListCodec session-list}; a presence byte and a {@link LastReadingCodec last-reading}; a presence byte,
 * the {@link SensorDetectorsCodec sensor-detectors} version byte, its length (int) and its body. Each embedded value
 * keeps its own version byte. v2 and v1 (the same fields as ints and longs, with window-state and session-list of their
 * own version inside) read as before; the record's version moves with its parts so that every version has one
 * committed byte-exact fixture.
 */
public final class SensorRecordCodec extends VersionedCodec<SensorRecord> {

    private final WindowStateCodec windows = new WindowStateCodec();
    private final SessionListCodec sessions = new SessionListCodec();
    private final LastReadingCodec lastReadings = new LastReadingCodec();
    private final SensorDetectorsCodec detectors;
    private final DetectionPlan plan;

    /** @param plan the detection plan whose detectors wrote the detector states */
    public SensorRecordCodec(DetectionPlan plan) {
        super("sensor-record", 3);
        this.plan = plan;
        this.detectors = new SensorDetectorsCodec(plan);
    }

    @Override
    protected void write(SensorRecord v, BinaryWriter out) {
        out.putVarint(v.windowCount());
        for (int i = 0; i < v.windowCount(); i++) {
            out.putVarint(v.windowDefinition(i)).putZigzag(v.windowStart(i));
            windows.writeNested(v.windowState(i), out);
        }
        out.putVarint(v.sessionDefinitionCount());
        for (int i = 0; i < v.sessionDefinitionCount(); i++) {
            out.putVarint(v.sessionDefinition(i));
            sessions.writeNested(v.sessionList(i), out);
        }
        out.putByte(v.last() == null ? 0 : 1);
        if (v.last() != null) {
            lastReadings.writeNested(v.last(), out);
        }
        out.putByte(v.detectors() == null ? 0 : 1);
        if (v.detectors() != null) {
            out.putByte(detectors.version());
            int at = out.length();
            out.putInt(0); // the body's length, known once it is written: no copy of the body
            v.detectors().encode(plan, out.asDataOutput());
            out.putIntAt(at, out.length() - at - Integer.BYTES);
        }
    }

    @Override
    protected SensorRecord read(int version, ByteBuffer in) {
        SensorRecord r = new SensorRecord();
        boolean compact = version >= 3;
        int n = count(compact ? BinaryWriter.readVarint(in) : in.getInt(), in);
        for (int i = 0; i < n; i++) {
            int definition = compact ? (int) BinaryWriter.readVarint(in) : in.getInt();
            long start = compact ? BinaryWriter.readZigzag(in) : in.getLong();
            r.putWindow(definition, start, windows.readNested(in));
        }
        n = count(compact ? BinaryWriter.readVarint(in) : in.getInt(), in);
        for (int i = 0; i < n; i++) {
            int definition = compact ? (int) BinaryWriter.readVarint(in) : in.getInt();
            r.putSessions(definition, sessions.readNested(in));
        }
        if (in.get() != 0) {
            r.last(lastReadings.readNested(in));
        }
        if (in.get() != 0) {
            int stored = in.get() & 0xff;
            long length = in.getInt();
            if (length < 0 || length > in.remaining()) throw new IllegalArgumentException("detector state length " + length);
            SensorDetectors d = detectors.readVersion(stored, in.slice(in.position(), (int) length));
            in.position(in.position() + (int) length);
            r.detectors(d);
        }
        return r;
    }

    private static int count(long n, ByteBuffer in) {
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("count " + n);
        return (int) n;
    }
}
