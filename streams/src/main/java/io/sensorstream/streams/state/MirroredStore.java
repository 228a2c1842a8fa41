package io.sensorstream.streams.state;

import io.sensorstream.core.state.StateCodec;
import io.sensorstream.core.state.StateFormatException;
import io.sensorstream.core.state.StateTable;
import java.util.ArrayList;
import io.sensorstream.streams.metrics.CommitTimer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state store that keeps live Java objects in memory and writes them to a changelogged Kafka Streams store
 * (RocksDB or in-memory) only when Kafka Streams flushes before a commit.
 *
 * <p>Why: a window aggregate changes with every reading; encoding it and passing it through Kafka Streams' record
 * cache on every update cost far more than the update itself. Here an update is a hash-map operation; at each
 * commit every changed object is encoded once and put into the inner store, whose changelog records join the same
 * transaction as the outputs and input offsets, so exactly-once is unaffected. After a restart or rebalance the
 * inner store is restored from its changelog and the objects are decoded from it on first use.
 *
 * <p>The timing matters and is tested by the kill -9 crash test: Kafka Streams flushes record caches in
 * {@code prepareCommit}, before the transaction commits, and commits stores only afterwards. So this store
 * implements Kafka Streams' {@link CachedStateStore} (an internal interface, the one its own record cache uses) and
 * writes its changes in {@link #flushCache()}; writing them in {@link #commit} would put them into the next
 * transaction and lose them on a crash in between. {@link #clearCache()} (Kafka Streams calls it when it recycles a
 * committed task between active and standby) forgets the objects; they are read again from the inner store.
 *
 * <p>Over an in-memory store ({@link HandOverStore}) the mirror is the only copy: once it has decoded the inner store's
 * values the inner store drops them, and {@link #clearCache()} gives the committed values back.
 */
public final class MirroredStore<K, V> implements StateStore, StateTable<K, V>, CachedStateStore<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(MirroredStore.class);

    private final KeyValueStore<Bytes, byte[]> inner;
    private final StateCodec<K> keys;
    private final StateCodec<V> values;
    /** The live objects, each with whether the inner store holds it (no per-key set: this is the largest map). */
    private final Map<K, Slot<K, V>> mirror = new HashMap<>();
    /** Slots changed since the last commit, each once (its dirty flag says it is here): no set lookup per put. */
    private final List<Slot<K, V>> changed = new ArrayList<>();
    private final Set<K> removed = new HashSet<>();
    private boolean loaded;
    /** The innermost store when it is a {@link HandOverStore}, else null (RocksDB keeps its own copy on disk). */
    private HandOverStore handOver;
    /**
     * The last key looked up and its slot: the stages ask for the same sensor several times in a row (its last reading,
     * then its detectors), with the same key object, so an identity check saves the hash lookups. Keys are immutable
     * (strings, longs), so the same object is the same key.
     */
    private K lastKey;
    private Slot<K, V> lastSlot;
    /** Told when a commit starts flushing and when an at-least-once commit completes; null: commits not timed. */
    private final CommitTimer commits;

    MirroredStore(KeyValueStore<Bytes, byte[]> inner, StateCodec<K> keys, StateCodec<V> values) {
        this(inner, keys, values, null);
    }

    MirroredStore(KeyValueStore<Bytes, byte[]> inner, StateCodec<K> keys, StateCodec<V> values, CommitTimer commits) {
        this.inner = inner;
        this.keys = keys;
        this.values = values;
        this.commits = commits;
    }

    /**
     * An in-memory inner store that gives its values to the mirror once decoded ({@link HandOverStore}): the heap then
     * holds each value once, as a live object.
     */
    public static KeyValueBytesStoreSupplier inMemory(String name) {
        return HandOverStore.supplier(name);
    }

    /** A builder for the topology: the inner store comes from {@code innerBuilder} (logging on, caching off). */
    public static <K, V> StoreBuilder<MirroredStore<K, V>> builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> innerBuilder,
                                                                   StateCodec<K> keys, StateCodec<V> values) {
        return new Builder<>(innerBuilder, keys, values, null);
    }

    /** The same, telling {@code commits} when a commit starts (the first flush) and when an at-least-once one ends. */
    public static <K, V> StoreBuilder<MirroredStore<K, V>> builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> innerBuilder,
                                                                   StateCodec<K> keys, StateCodec<V> values,
                                                                   CommitTimer commits) {
        return new Builder<>(innerBuilder, keys, values, commits);
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
            it.forEachRemaining(kv -> {
                try {
                    K key = keys.decode(kv.key.get());
                    mirror.put(key, new Slot<>(key, values.decode(kv.value), true));
                } catch (StateFormatException e) {
                    throw new StateFormatException("state store '" + name() + "': " + e.getMessage()
                            + "; see \"State across versions\" in the README", e);
                }
            });
        }
        if (handOver != null) {
            handOver.handOver();
        }
    }

    private Slot<K, V> slot(K key) {
        if (key == lastKey || (lastKey != null && key.equals(lastKey))) { // equal keys: a parsed id, a boxed bucket time
            return lastSlot;
        }
        Slot<K, V> slot = mirror.get(key);
        if (slot != null) {
            lastKey = key;
            lastSlot = slot;
        }
        return slot;
    }

    private void forgetLast() {
        lastKey = null;
        lastSlot = null;
    }

    @Override
    public V get(K key) {
        load();
        Slot<K, V> slot = slot(key);
        return slot == null ? null : slot.value;
    }

    @Override
    public V getForUpdate(K key) {
        load();
        Slot<K, V> slot = slot(key);
        if (slot == null) {
            return null;
        }
        if (!slot.dirty) {
            slot.dirty = true;
            changed.add(slot);
        }
        return slot.value;
    }

    @Override
    public void put(K key, V value) {
        load();
        Slot<K, V> slot = slot(key);
        if (slot == null) {
            slot = new Slot<>(key, value, removed.remove(key));
            mirror.put(key, slot);
            lastKey = key;
            lastSlot = slot;
        } else {
            slot.value = value;
        }
        if (!slot.dirty) {
            slot.dirty = true;
            changed.add(slot);
        }
    }

    @Override
    public void remove(K key) {
        load();
        forgetLast();
        Slot<K, V> slot = mirror.remove(key);
        if (slot != null) {
            slot.gone = true;
            if (slot.persisted) {
                removed.add(key); // a key made and dropped between two commits needs no delete (no tombstone)
            }
        }
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        load();
        mirror.forEach((k, slot) -> action.accept(k, slot.value));
    }

    /**
     * Objects in memory. Never loads (metrics read it from another thread, possibly while the store is restoring);
     * once the engine has used the store, this is every entry.
     */
    @Override
    public int size() {
        return mirror.size();
    }

    @Override
    public void flushCache() {
        if (commits != null) {
            commits.flushing();
        }
        writeChanges();
    }

    /**
     * Writes every object changed since the last write into the inner store now, ahead of the commit, so the commit's
     * flush only encodes and sends what changes from here on. The records join the open transaction like any store
     * write (Kafka Streams' own record cache evicts dirty entries mid-transaction the same way): an abort discards them
     * with the rest, so exactly-once is unaffected. Not a commit start: the commit timer is not told.
     *
     * @return the number of records written (puts and deletes)
     */
    public int flushAhead() {
        return writeChanges();
    }

    @Override
    public void clearCache() {
        if (loaded && handOver != null) {
            giveBack();
        }
        forgetLast();
        mirror.clear();
        changed.clear();
        removed.clear();
        loaded = false;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flush() {
        writeChanges();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeChanges();
        inner.commit(changelogOffsets);
        if (commits != null) { // at-least-once: after the offsets; exactly-once ends at the transaction (CommitTimingClients)
            commits.committed();
        }
    }

    /**
     * Hands the committed values back to the {@link HandOverStore}. Kafka Streams recycles only committed tasks, so
     * every object is its committed value; an uncommitted change here would be lost with the only copy, so it is an
     * error, never a silent divergence from the changelog.
     */
    private void giveBack() {
        if (!changed.isEmpty() || !removed.isEmpty()) {
            throw new IllegalStateException("state store '" + name() + "': " + (changed.size() + removed.size())
                    + " uncommitted changes when Kafka Streams recycled the task; its state must be restored from the changelog");
        }
        Map<Bytes, byte[]> committed = new HashMap<>(mirror.size() * 2);
        mirror.forEach((key, slot) -> committed.put(Bytes.wrap(keys.encode(key)), values.encode(slot.value)));
        handOver.takeBack(committed);
        LOG.info("State store '{}': {} values handed back to the in-memory store (the task was recycled)", name(), committed.size());
    }

    /** Encodes every object changed since the last write into the inner store (and so its changelog); how many. */
    private int writeChanges() {
        int written = changed.size() + removed.size();
        for (Slot<K, V> slot : changed) {
            slot.dirty = false;
            if (!slot.gone) {
                inner.put(Bytes.wrap(keys.encode(slot.key)), values.encode(slot.value));
                slot.persisted = true;
            }
        }
        for (K key : removed) {
            inner.delete(Bytes.wrap(keys.encode(key)));
        }
        changed.clear();
        removed.clear();
        return written;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forgetLast();
        mirror.clear();
        changed.clear();
        removed.clear();
        loaded = false;
        inner.init(context, root);
        handOver = innermost(inner) instanceof HandOverStore h ? h : null;
    }

    private static StateStore innermost(StateStore store) {
        while (store instanceof WrappedStateStore<?, ?, ?> wrapped) {
            store = wrapped.wrapped();
        }
        return store;
    }

    @Override
    public void close() {
        forgetLast();
        mirror.clear();
        changed.clear();
        removed.clear();
        loaded = false;
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /** A live object, whether the inner store holds a version of it, and whether it changed since the last commit. */
    private static final class Slot<K, V> {
        final K key;
        V value;
        boolean persisted;
        boolean dirty;
        boolean gone;

        Slot(K key, V value, boolean persisted) {
            this.key = key;
            this.value = value;
            this.persisted = persisted;
        }
    }

    private static final class Builder<K, V> implements StoreBuilder<MirroredStore<K, V>> {
        private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;
        private final StateCodec<K> keys;
        private final StateCodec<V> values;
        private final CommitTimer commits;

        Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner, StateCodec<K> keys, StateCodec<V> values, CommitTimer commits) {
            this.inner = inner.withCachingDisabled();
            this.keys = keys;
            this.values = values;
            this.commits = commits;
        }

        @Override
        public StoreBuilder<MirroredStore<K, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a mirrored store is its own cache");
        }

        @Override
        public StoreBuilder<MirroredStore<K, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<MirroredStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<MirroredStore<K, V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public MirroredStore<K, V> build() {
            return new MirroredStore<>(inner.build(), keys, values, commits);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
