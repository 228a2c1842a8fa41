package io.sensorstream.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.core.state.StateCodecs;
import io.sensorstream.streams.state.MirroredStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A commit is timed from its first store flush to its end: the transaction's commit (exactly-once, through the
 * producer of {@link CommitTimingClients}) or the stores' post-commit call (at-least-once). The clock is a counter.
 */
class CommitTimerTest {

    private final AtomicLong nanos = new AtomicLong();
    private Timer timer;
    private CommitTimer commits;

    @BeforeEach
    void setUp() {
        timer = Timer.builder("t").register(new SimpleMeterRegistry());
        commits = new CommitTimer(timer, nanos::get);
    }

    @Test
    void timesFromTheFirstFlushToTheCommit() {
        nanos.set(1_000);
        commits.flushing();
        nanos.set(5_000);
        commits.flushing(); // the next store of the same commit
        nanos.set(41_000_000);
        commits.committed();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(41_000_000 - 1_000);
    }

    @Test
    void tellsItsListenerOncePerTimedCommitOnTheCommittingThread() throws Exception {
        AtomicLong told = new AtomicLong();
        Thread main = Thread.currentThread();
        commits.onCommitted(() -> told.addAndGet(Thread.currentThread() == main ? 1 : 1_000));
        commits.committed(); // no start: not a commit this timer saw
        commits.flushing();
        commits.committed();
        commits.committed(); // another store's post-commit call of the same (at-least-once) commit
        assertThat(told.get()).isEqualTo(1);
        Thread other = new Thread(() -> {
            commits.flushing();
            commits.committed();
        });
        other.start();
        other.join();
        assertThat(told.get()).as("on the other thread").isEqualTo(1_001);
    }

    @Test
    void anEndWithoutAStartIsNotTimed() {
        commits.committed(); // e.g. a checkpoint after the transaction already ended the commit
        commits.flushing();
        commits.committed();
        commits.committed();
        assertThat(timer.count()).isEqualTo(1);
    }

    @Test
    void aFlushWithoutACommitIsDroppedWhenTheThreadIsIdle() {
        nanos.set(0);
        commits.flushing();
        commits.idle();
        nanos.set(3_000_000_000L);
        commits.flushing();
        nanos.set(3_020_000_000L);
        commits.committed();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
    }

    @Test
    void eachThreadHasItsOwnCommit() throws Exception {
        nanos.set(0);
        commits.flushing();
        Thread other = new Thread(() -> {
            nanos.set(100);
            commits.flushing();
            nanos.set(300);
            commits.committed();
        });
        other.start();
        other.join();
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(200);
        nanos.set(1_000);
        commits.committed();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(1_200);
    }

    @Test
    void theTransactionsCommitEndsAnExactlyOnceCommit() {
        MockProducer<byte[], byte[]> mock = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        CommitTimingClients.TimedProducer producer = new CommitTimingClients.TimedProducer(mock, commits);
        producer.initTransactions();
        producer.beginTransaction();
        nanos.set(10);
        commits.flushing();
        nanos.set(70);
        assertThat(timer.count()).isZero();
        producer.commitTransaction();
        assertThat(mock.transactionCommitted()).isTrue();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(60);
        producer.beginTransaction();
        producer.abortTransaction(); // an aborted transaction is no commit
        assertThat(timer.count()).isEqualTo(1);
    }

    @Test
    void aMirroredStoreStartsTheCommitAtItsFlushAndEndsAnAtLeastOnceOneAtItsCommit() {
        MirroredStore<String, Long> store = MirroredStore.builder(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), org.apache.kafka.common.serialization.Serdes.Bytes(),
                        org.apache.kafka.common.serialization.Serdes.ByteArray()).withLoggingDisabled(),
                StateCodecs.STRING_KEY, StateCodecs.PROGRESS, commits).build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        store.put("max-event-time", 42L);
        nanos.set(1_000);
        store.flushCache();
        nanos.set(9_000);
        store.commit(Map.of());
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(8_000);
    }
}
