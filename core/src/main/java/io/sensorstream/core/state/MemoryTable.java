package io.sensorstream.core.state;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** A {@link StateTable} in a {@link HashMap}: no durability, no overhead. */
public final class MemoryTable<K, V> implements StateTable<K, V> {

    private final Map<K, V> map = new HashMap<>();

    @Override
    public V get(K key) {
        return map.get(key);
    }

    @Override
    public V getForUpdate(K key) {
        return map.get(key);
    }

    @Override
    public void put(K key, V value) {
        map.put(key, value);
    }

    @Override
    public void remove(K key) {
        map.remove(key);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        map.forEach(action);
    }

    @Override
    public int size() {
        return map.size();
    }
}
