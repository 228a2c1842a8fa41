package io.sensorstream.core.state;

import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.SensorDetectors;
import java.nio.ByteBuffer;

/**
 * {@link SensorRecord} v2: window count (int), then per window definition (int), start (long) and a
 * {@link WindowStateCodec window-state}; session-definition count (int), then per definition (int) a
 * {@link SessionListCodec session-list}; a presence byte and a {@link LastReadingCodec last-reading}; a presence byte,
 * the {@link SensorDetectorsCodec sensor-detectors} version byte, its length (int) and its body. Each embedded value
 * keeps its own version byte, so a record of v1 (the same layout, with window-state and session-list v1 inside) reads
 * as before; the record's version moved with its parts only so that every version has one committed byte-exact fixture.
 */
public final class SensorRecordCodec extends VersionedCodec<SensorRecord> {

    private final WindowStateCodec windows = new WindowStateCodec();
    private final SessionListCodec sessions = new SessionListCodec();
    private final LastReadingCodec lastReadings = new LastReadingCodec();
    private final SensorDetectorsCodec detectors;
    private final DetectionPlan plan;

    /** @param plan the detection plan whose detectors wrote the detector states */
    public SensorRecordCodec(DetectionPlan plan) {
        super("sensor-record", 2);
        this.plan = plan;
        this.detectors = new SensorDetectorsCodec(plan);
    }

    @Override
    protected void write(SensorRecord v, BinaryWriter out) {
        out.putInt(v.windowCount());
        for (int i = 0; i < v.windowCount(); i++) {
            out.putInt(v.windowDefinition(i)).putLong(v.windowStart(i));
            windows.writeNested(v.windowState(i), out);
        }
        out.putInt(v.sessionDefinitionCount());
        for (int i = 0; i < v.sessionDefinitionCount(); i++) {
            out.putInt(v.sessionDefinition(i));
            sessions.writeNested(v.sessionList(i), out);
        }
        out.putByte(v.last() == null ? 0 : 1);
        if (v.last() != null) {
            lastReadings.writeNested(v.last(), out);
        }
        out.putByte(v.detectors() == null ? 0 : 1);
        if (v.detectors() != null) {
            byte[] body = v.detectors().encode(plan);
            out.putByte(detectors.version()).putInt(body.length).putBytes(body, 0, body.length);
        }
    }

    @Override
    protected SensorRecord read(int version, ByteBuffer in) {
        SensorRecord r = new SensorRecord();
        int n = count(in.getInt(), in);
        for (int i = 0; i < n; i++) {
            int definition = in.getInt();
            long start = in.getLong();
            r.putWindow(definition, start, windows.readNested(in));
        }
        n = count(in.getInt(), in);
        for (int i = 0; i < n; i++) {
            int definition = in.getInt();
            r.putSessions(definition, sessions.readNested(in));
        }
        if (in.get() != 0) {
            r.last(lastReadings.readNested(in));
        }
        if (in.get() != 0) {
            int stored = in.get() & 0xff;
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) throw new IllegalArgumentException("detector state length " + length);
            SensorDetectors d = detectors.readVersion(stored, in.slice(in.position(), length));
            in.position(in.position() + length);
            r.detectors(d);
        }
        return r;
    }

    private static int count(int n, ByteBuffer in) {
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("count " + n);
        return n;
    }
}
