package io.sensorstream.streams.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Binary state-store keys whose byte order equals time order, so "everything up to the watermark" is one range
 * scan in RocksDB or the in-memory store.
 *
 * <p>A time {@code t} is written as the 8 big-endian bytes of {@code t ^ Long.MIN_VALUE} (sign bit flipped), which
 * sorts unsigned-lexicographically exactly like signed {@code t}. Window keys are {@code time(end) + utf8(sensorId)};
 * pending-reading keys are {@code time(eventTime) + offset}, unique per partition and deterministic on replay.
 */
public final class StoreKeys {

    private StoreKeys() {
    }

    public static Bytes windowKey(long windowEndMs, String sensorId) {
        byte[] id = sensorId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(flip(windowEndMs)).put(id).array());
    }

    /** The smallest possible key: a lower bound for every range scan. */
    public static Bytes lowest() {
        return Bytes.wrap(new byte[Long.BYTES]);
    }

    /** Inclusive upper bound of all window keys with {@code end <= maxEndMs}. */
    public static Bytes windowKeysEndingUpTo(long maxEndMs) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(flip(maxEndMs + 1)).array());
    }

    public static long windowEnd(Bytes key) {
        return flip(ByteBuffer.wrap(key.get()).getLong());
    }

    public static String windowSensorId(Bytes key) {
        byte[] k = key.get();
        return new String(k, Long.BYTES, k.length - Long.BYTES, StandardCharsets.UTF_8);
    }

    public static Bytes pendingKey(long eventTimeMs, long offset) {
        return Bytes.wrap(ByteBuffer.allocate(2 * Long.BYTES).putLong(flip(eventTimeMs)).putLong(offset).array());
    }

    /** Inclusive upper bound of all pending keys with {@code eventTime < beforeMs}. */
    public static Bytes pendingKeysBefore(long beforeMs) {
        return Bytes.wrap(ByteBuffer.allocate(2 * Long.BYTES).putLong(flip(beforeMs - 1)).putLong(-1L).array());
    }

    public static long pendingEventTime(Bytes key) {
        return flip(ByteBuffer.wrap(key.get()).getLong());
    }

    public static Bytes sensorKey(String sensorId) {
        return Bytes.wrap(sensorId.getBytes(StandardCharsets.UTF_8));
    }

    private static long flip(long t) {
        return t ^ Long.MIN_VALUE;
    }
}
