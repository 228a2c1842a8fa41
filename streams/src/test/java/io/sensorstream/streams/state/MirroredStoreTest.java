package io.sensorstream.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.state.StateCodecs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.internals.InMemoryKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a mirrored store writes to its inner store (and so to the changelog) at a commit: each changed object once, a
 * delete only for keys the inner store holds, nothing for untouched objects. The inner store is Kafka Streams' real
 * in-memory store, subclassed only to count the calls it receives.
 */
class MirroredStoreTest {

    /** The real in-memory store, recording the writes it receives. */
    static final class RecordingStore extends InMemoryKeyValueStore {
        final List<String> writes = new ArrayList<>();

        RecordingStore() {
            super("test");
        }

        @Override
        public void put(Bytes key, byte[] value) {
            writes.add("put " + StateCodecs.STRING_KEY.decode(key.get()));
            super.put(key, value);
        }

        @Override
        public byte[] delete(Bytes key) {
            writes.add("delete " + StateCodecs.STRING_KEY.decode(key.get()));
            return super.delete(key);
        }
    }

    private RecordingStore inner;
    private MirroredStore<String, Long> store;

    @BeforeEach
    void setUp() {
        inner = new RecordingStore();
        store = new MirroredStore<>(inner, StateCodecs.STRING_KEY, StateCodecs.PROGRESS);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    private List<String> commit() {
        store.flushCache();
        List<String> w = new ArrayList<>(inner.writes);
        inner.writes.clear();
        return w;
    }

    @Test
    void writesEachChangedObjectOnceAndNoTombstoneForKeysNeverWritten() {
        store.put("a", 1L);
        store.put("a", 2L);
        store.put("b", 1L);
        store.remove("b"); // made and dropped between two commits
        assertThat(commit()).containsExactly("put a");
        assertThat(commit()).as("nothing changed").isEmpty();
        store.remove("a");
        assertThat(commit()).containsExactly("delete a");
    }

    @Test
    void aFlushAheadWritesTheChangesSoFarAndTheCommitOnlyWhatChangedSince() {
        store.put("a", 1L);
        store.put("b", 2L);
        store.put("c", 3L);
        commit();
        store.put("a", 10L);
        store.put("b", 20L);
        store.remove("c");
        assertThat(store.flushAhead()).isEqualTo(3);
        assertThat(inner.writes).containsExactly("put a", "put b", "delete c");
        assertThat(StateCodecs.PROGRESS.decode(inner.get(Bytes.wrap(StateCodecs.STRING_KEY.encode("b"))))).isEqualTo(20L);
        inner.writes.clear();
        store.put("b", 21L);
        store.put("d", 4L);
        assertThat(commit()).as("a, written ahead and unchanged since, is not written again")
                .containsExactly("put b", "put d");
        assertThat(store.flushAhead()).as("nothing changed since the commit").isZero();
        assertThat(inner.writes).isEmpty();
    }

    @Test
    void getForUpdateMarksTheObjectChangedInOneStep() {
        store.put("a", 1L);
        commit();
        assertThat(store.getForUpdate("missing")).isNull();
        assertThat(store.getForUpdate("a")).isEqualTo(1L);
        assertThat(commit()).containsExactly("put a");
        assertThat(store.get("a")).isEqualTo(1L);
        assertThat(commit()).as("a plain get changes nothing").isEmpty();
    }

    /** The last-key memo answers for equal keys (a parser's fresh id string) and forgets a removed key. */
    @Test
    void equalKeyInstancesSeeTheSameObjectAndARemovalIsNeverServedFromMemory() {
        String first = new String("sensor-1".toCharArray());
        store.put(first, 1L);
        commit();
        String again = new String("sensor-1".toCharArray());
        assertThat(store.getForUpdate(again)).isEqualTo(1L);
        store.put(new String("sensor-1".toCharArray()), 2L);
        assertThat(commit()).containsExactly("put sensor-1");
        assertThat(store.get(again)).isEqualTo(2L);
        store.remove(new String("sensor-1".toCharArray()));
        assertThat(store.get(again)).as("removed through another equal instance").isNull();
        assertThat(store.get(first)).isNull();
        assertThat(commit()).containsExactly("delete sensor-1");
    }

    @Test
    void aKeyRemovedAndMadeAgainIsWrittenNotDeleted() {
        store.put("a", 1L);
        commit();
        store.remove("a");
        store.put("a", 5L);
        assertThat(commit()).containsExactly("put a");
        Map<String, Long> seen = new HashMap<>();
        store.forEach(seen::put);
        assertThat(seen).isEqualTo(Map.of("a", 5L));
    }

    @Test
    void clearCacheDropsUncommittedObjectsAndReloadsFromAnInnerStoreWithItsOwnCopy() {
        store.put("a", 1L);
        commit();
        store.put("a", 2L);
        store.put("b", 3L);
        store.clearCache();
        assertThat(store.get("a")).isEqualTo(1L);
        assertThat(store.get("b")).isNull();
        store.remove("a");
        assertThat(commit()).as("loaded keys count as held by the inner store").containsExactly("delete a");
    }

    /** Over Kafka Streams' in-memory store the mirror keeps the only copy once it has read the restored values. */
    @Test
    void overAnInMemoryStoreTheRestoredValuesAreHandedOverAndWritesOnlyLogged() {
        HandOverStore memory = new HandOverStore("test");
        MirroredStore<String, Long> mirrored = new MirroredStore<>(memory, StateCodecs.STRING_KEY, StateCodecs.PROGRESS);
        mirrored.init(new MockProcessorContext<>().getStateStoreContext(), mirrored);
        restore(memory, "a", 1L); // as Kafka Streams' restore callback does, before the task processes
        restore(memory, "b", 2L);
        assertThat(memory.approximateNumEntries()).isEqualTo(2);
        assertThat(mirrored.get("a")).isEqualTo(1L);
        assertThat(memory.handedOver()).isTrue();
        assertThat(memory.approximateNumEntries()).as("the mirror holds the only copy").isZero();
        mirrored.put("c", 3L);
        mirrored.remove("b");
        mirrored.flushCache();
        assertThat(memory.approximateNumEntries()).as("writes go to the changelog above, not into memory again").isZero();
        assertThat(mirrored.get("c")).isEqualTo(3L);
        assertThat(mirrored.get("b")).isNull();
    }

    /** A committed task recycled into a standby gives its values back, so the standby and a later reload see them. */
    @Test
    void aRecycledTaskGivesItsCommittedValuesBackToTheInMemoryStore() {
        HandOverStore memory = new HandOverStore("test");
        MirroredStore<String, Long> mirrored = new MirroredStore<>(memory, StateCodecs.STRING_KEY, StateCodecs.PROGRESS);
        mirrored.init(new MockProcessorContext<>().getStateStoreContext(), mirrored);
        restore(memory, "a", 1L);
        mirrored.put("b", 2L);
        mirrored.put("a", 5L);
        mirrored.flushCache();
        mirrored.clearCache();
        assertThat(memory.handedOver()).isFalse();
        assertThat(memory.approximateNumEntries()).isEqualTo(2);
        assertThat(StateCodecs.PROGRESS.decode(memory.get(Bytes.wrap(StateCodecs.STRING_KEY.encode("a"))))).isEqualTo(5L);
        restore(memory, "c", 7L); // the standby keeps restoring
        Map<String, Long> seen = new HashMap<>();
        mirrored.forEach(seen::put); // active again: read back
        assertThat(seen).isEqualTo(Map.of("a", 5L, "b", 2L, "c", 7L));
        assertThat(memory.approximateNumEntries()).isZero();
    }

    /** Uncommitted changes at a recycle would be lost with the only copy: an error, never a silent divergence. */
    @Test
    void uncommittedChangesWhenTheTaskIsRecycledAreAnError() {
        HandOverStore memory = new HandOverStore("test");
        MirroredStore<String, Long> mirrored = new MirroredStore<>(memory, StateCodecs.STRING_KEY, StateCodecs.PROGRESS);
        mirrored.init(new MockProcessorContext<>().getStateStoreContext(), mirrored);
        mirrored.put("a", 1L);
        org.assertj.core.api.Assertions.assertThatThrownBy(mirrored::clearCache)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 uncommitted changes");
    }

    private static void restore(HandOverStore memory, String key, long value) {
        memory.put(Bytes.wrap(StateCodecs.STRING_KEY.encode(key)), StateCodecs.PROGRESS.encode(value));
    }
}
