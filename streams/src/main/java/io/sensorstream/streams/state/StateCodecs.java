package io.sensorstream.streams.state;

import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.SensorDetectors;

import io.sensorstream.core.engine.Keys;
import io.sensorstream.core.engine.LastReading;
import io.sensorstream.core.engine.SessionList;
import io.sensorstream.core.engine.WindowState;
import io.sensorstream.core.reading.Reading;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The binary layouts of the analytics' keys and values in state stores and changelog topics. */
public final class StateCodecs {

    private StateCodecs() {
    }

    public static final Codec<Keys.WindowKey> WINDOW_KEY = new Codec<>() {
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

    public static final Codec<Keys.SessionKey> SESSION_KEY = new Codec<>() {
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

    public static final Codec<Keys.PendingKey> PENDING_KEY = new Codec<>() {
        @Override
        public byte[] encode(Keys.PendingKey k) {
            return ByteBuffer.allocate(16).putLong(k.eventTimeMs()).putLong(k.sequence()).array();
        }

        @Override
        public Keys.PendingKey decode(byte[] b) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            return new Keys.PendingKey(buf.getLong(), buf.getLong());
        }
    };

    public static final Codec<String> STRING = new Codec<>() {
        @Override
        public byte[] encode(String s) {
            return utf8(s);
        }

        @Override
        public String decode(byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
    };

    public static final Codec<Long> LONG = new Codec<>() {
        @Override
        public byte[] encode(Long v) {
            return ByteBuffer.allocate(8).putLong(v).array();
        }

        @Override
        public Long decode(byte[] b) {
            return ByteBuffer.wrap(b).getLong();
        }
    };

    public static final Codec<WindowState> WINDOW_STATE = new Codec<>() {
        @Override
        public byte[] encode(WindowState v) {
            return v.encode();
        }

        @Override
        public WindowState decode(byte[] b) {
            return WindowState.decode(b);
        }
    };

    public static final Codec<SessionList> SESSIONS = new Codec<>() {
        @Override
        public byte[] encode(SessionList v) {
            return v.encode();
        }

        @Override
        public SessionList decode(byte[] b) {
            return SessionList.decode(b);
        }
    };

    public static final Codec<LastReading> LAST_READING = new Codec<>() {
        @Override
        public byte[] encode(LastReading v) {
            return v.encode();
        }

        @Override
        public LastReading decode(byte[] b) {
            return LastReading.decode(b);
        }
    };

    public static final Codec<Reading> READING = new Codec<>() {
        @Override
        public byte[] encode(Reading r) {
            byte[] id = utf8(r.sensorId());
            int size = 4 + id.length + 8 + 4 + 8 * r.values().length + 4;
            byte[][] tags = new byte[r.tags().size() * 2][];
            int i = 0;
            for (Map.Entry<String, String> e : r.tags().entrySet()) {
                tags[i] = utf8(e.getKey());
                tags[i + 1] = utf8(e.getValue());
                size += 8 + tags[i].length + tags[i + 1].length;
                i += 2;
            }
            ByteBuffer b = ByteBuffer.allocate(size).putInt(id.length).put(id).putLong(r.eventTimeMs()).putInt(r.values().length);
            for (double v : r.values()) b.putDouble(v);
            b.putInt(r.tags().size());
            for (byte[] t : tags) b.putInt(t.length).put(t);
            return b.array();
        }

        @Override
        public Reading decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            String id = string(b);
            long t = b.getLong();
            double[] values = new double[b.getInt()];
            for (int i = 0; i < values.length; i++) values[i] = b.getDouble();
            int n = b.getInt();
            Map<String, String> tags = n == 0 ? Map.of() : new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String k = string(b);
                tags.put(k, string(b));
            }
            return new Reading(id, t, values, tags);
        }
    };

    /** Detector states; decoding needs the plan whose detectors wrote them. */
    public static Codec<SensorDetectors> detectors(DetectionPlan plan) {
        return new Codec<>() {
            @Override
            public byte[] encode(SensorDetectors v) {
                return v.encode(plan);
            }

            @Override
            public SensorDetectors decode(byte[] b) {
                return SensorDetectors.decode(b, plan);
            }
        };
    }

    private static String string(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
