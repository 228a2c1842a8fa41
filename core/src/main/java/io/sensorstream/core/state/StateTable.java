package io.sensorstream.core.state;

import java.util.function.BiConsumer;

/**
 * A key-value table the analytics keep their state in. The engine only ever calls these five methods, so the same
 * algorithm runs on plain hash maps (replay, tests) and on Kafka Streams stores with changelogs (the pipeline).
 *
 * <p>Values are mutable objects: after changing one in place, the engine calls {@link #put} again so a durable
 * implementation knows to persist it.
 */
public interface StateTable<K, V> {

    V get(K key);

    /**
     * The value, already marked changed: for a caller that will change it in place, one lookup instead of a
     * {@link #get} and a {@link #put}. Null when absent (then {@link #put} a new value).
     */
    default V getForUpdate(K key) {
        V v = get(key);
        if (v != null) {
            put(key, v);
        }
        return v;
    }

    /** Inserts the value or marks it changed. */
    void put(K key, V value);

    void remove(K key);

    /** Visits every entry, in no particular order (used to rebuild in-memory indexes after a restart). */
    void forEach(BiConsumer<? super K, ? super V> action);

    int size();
}
