package io.sensorstream.streams.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory sorted multiset of times: which window ends are open, which pending event times are buffered.
 *
 * <p>It lets the processor answer "is anything due at watermark W?" without touching a store, and start each range
 * scan exactly at the earliest live key. That matters because scanning a store from its lowest key walks over every
 * deleted entry not yet compacted (tombstones in RocksDB and in the record cache), which made a queue-like store
 * cost O(deleted entries) per scan. The index is derived data: it is rebuilt from the store after a restore.
 */
public final class TimeIndex {

    private final TreeMap<Long, int[]> counts = new TreeMap<>();

    public void add(long time) {
        int[] c = counts.get(time);
        if (c == null) {
            counts.put(time, new int[] {1});
        } else {
            c[0]++;
        }
    }

    /** Earliest time in the index, or {@link Long#MAX_VALUE} when empty. */
    public long earliest() {
        Map.Entry<Long, int[]> first = counts.firstEntry();
        return first == null ? Long.MAX_VALUE : first.getKey();
    }

    /** Removes every time {@code < limit}. */
    public void removeBefore(long limit) {
        counts.headMap(limit, false).clear();
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    public void clear() {
        counts.clear();
    }

    /** Number of distinct times held. */
    public int distinctTimes() {
        return counts.size();
    }
}
