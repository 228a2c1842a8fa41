package io.sensorstream.streams.state;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.InMemoryKeyValueStore;

/**
 * Kafka Streams' in-memory store under a {@link MirroredStore}, which holds the encoded values only until the mirror
 * has decoded them: then it hands them over (drops them) and ignores writes, since the mirror holds every value as a
 * live object and the changelogging layer above this store still logs every write.
 *
 * <p>Why: an in-memory store under the mirror kept an encoded copy of every value beside its live object, the size of
 * the sensors' changelog (about 300–700 bytes a sensor plus a tree entry), and each commit paid a sorted-map insert per
 * changed sensor. Restoration and standby replicas are unchanged: records restored from the changelog are kept until
 * the mirror reads them, and a standby keeps everything it restores until it becomes active. When Kafka Streams recycles
 * an active task into a standby (after committing it), the mirror {@link #takeBack gives} its values back.
 */
final class HandOverStore extends InMemoryKeyValueStore {

    private volatile boolean open;
    private volatile boolean handedOver;

    HandOverStore(String name) {
        super(name);
    }

    /** The store supplier for {@code Stores.keyValueStoreBuilder}: one store a task. */
    static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new HandOverStore(name);
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        handedOver = false;
        super.init(context, root);
        open = true;
    }

    /** The mirror has decoded every value: drop them; writes are ignored until {@link #takeBack}. */
    void handOver() {
        super.close(); // clears the map
        handedOver = true;
    }

    /** The mirror forgets its objects (a recycled task): keep these committed values, and what is written from now on. */
    void takeBack(Map<Bytes, byte[]> committed) {
        handedOver = false;
        committed.forEach(super::put);
    }

    boolean handedOver() {
        return handedOver;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void put(Bytes key, byte[] value) {
        if (!handedOver) {
            super.put(key, value);
        }
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        return handedOver ? null : super.putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        if (!handedOver) {
            super.putAll(entries);
        }
    }

    @Override
    public byte[] delete(Bytes key) {
        return handedOver ? null : super.delete(key);
    }

    @Override
    public void close() {
        open = false;
        handedOver = false;
        super.close();
    }
}
