package io.sensorstream.core.detect;

import java.util.Arrays;

/**
 * Open-addressing map from long to non-negative int, for {@link ContextMemory}'s (left, right) → context lookups: no
 * boxing, and a mixing hash (a {@code HashMap<Long, …>} hashes {@code l << 32 | r} as {@code l ^ r}, so pairs collide
 * by the thousand).
 */
final class LongIntMap {

    private static final int ABSENT = -1;
    private long[] keys = new long[64];
    private int[] values = new int[64];
    private int size;

    LongIntMap() {
        Arrays.fill(values, ABSENT);
    }

    /** The value of {@code key}, or −1. */
    int get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (values[i] == ABSENT) return ABSENT;
            if (keys[i] == key) return values[i];
        }
    }

    void put(long key, int value) {
        if (value < 0) throw new IllegalArgumentException("values must be >= 0");
        if (2 * (size + 1) > keys.length) grow();
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (values[i] == ABSENT) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, ABSENT);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != ABSENT) put(oldKeys[i], oldValues[i]);
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 29) & mask;
    }
}
