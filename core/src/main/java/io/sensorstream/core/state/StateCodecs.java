package io.sensorstream.core.state;

import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.SensorDetectors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary layouts of the analytics' state: one {@link VersionedCodec} per stored value type, and the keys.
 *
 * <p>Keys have fixed layouts without a version (a compacted changelog identifies a record by its key bytes, so a key
 * format can only change together with the store's name); values start with their format version. What this means
 * across upgrades is in the README ("State across versions"); {@code StateFormatFixturesTest} decodes committed
 * encodings of every format so a change that breaks them fails the build.
 */
public final class StateCodecs {

    private StateCodecs() {
    }

    /** Window key: definition (int), start (long), sensor id (UTF-8, the rest). */
    public static final StateCodec<Keys.WindowKey> WINDOW_KEY = new StateCodec<>() {
        @Override
        public byte[] encode(Keys.WindowKey k) {
            byte[] id = utf8(k.sensorId());
            return ByteBuffer.allocate(4 + 8 + id.length).putInt(k.definition()).putLong(k.startMs()).put(id).array();
        }

        @Override
        public Keys.WindowKey decode(byte[] b) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            int d = buf.getInt();
            long start = buf.getLong();
            return new Keys.WindowKey(d, new String(b, 12, b.length - 12, StandardCharsets.UTF_8), start);
        }
    };

    /** Session key: definition (int), sensor id (UTF-8, the rest). */
    public static final StateCodec<Keys.SessionKey> SESSION_KEY = new StateCodec<>() {
        @Override
        public byte[] encode(Keys.SessionKey k) {
            byte[] id = utf8(k.sensorId());
            return ByteBuffer.allocate(4 + id.length).putInt(k.definition()).put(id).array();
        }

        @Override
        public Keys.SessionKey decode(byte[] b) {
            return new Keys.SessionKey(ByteBuffer.wrap(b).getInt(), new String(b, 4, b.length - 4, StandardCharsets.UTF_8));
        }
    };

    /** A bucket's start time (long). */
    public static final StateCodec<Long> TIME_KEY = new StateCodec<>() {
        @Override
        public byte[] encode(Long v) {
            return ByteBuffer.allocate(8).putLong(v).array();
        }

        @Override
        public Long decode(byte[] b) {
            return ByteBuffer.wrap(b).getLong();
        }
    };

    /** A sensor id or a name (UTF-8). */
    public static final StateCodec<String> STRING_KEY = new StateCodec<>() {
        @Override
        public byte[] encode(String s) {
            return utf8(s);
        }

        @Override
        public String decode(byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
    };

    /** A progress value (long), v1. */
    public static final VersionedCodec<Long> PROGRESS = new VersionedCodec<>("progress", 1) {
        @Override
        protected void write(Long v, BinaryWriter out) {
            out.putLong(v);
        }

        @Override
        protected Long read(int version, ByteBuffer in) {
            return in.getLong();
        }
    };

    public static VersionedCodec<WindowState> windowState() {
        return new WindowStateCodec();
    }

    public static VersionedCodec<SessionList> sessionList() {
        return new SessionListCodec();
    }

    public static VersionedCodec<LastReading> lastReading() {
        return new LastReadingCodec();
    }

    public static VersionedCodec<PendingBucket> pendingBucket() {
        return new PendingBucketCodec();
    }

    /** A sensor's record (its windows, sessions, last reading, detectors); decoding needs the detection plan. */
    public static VersionedCodec<SensorRecord> sensorRecord(DetectionPlan plan) {
        return new SensorRecordCodec(plan);
    }

    /** Detector states; decoding needs the plan whose detectors wrote them. */
    public static VersionedCodec<SensorDetectors> detectors(DetectionPlan plan) {
        return new SensorDetectorsCodec(plan);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
