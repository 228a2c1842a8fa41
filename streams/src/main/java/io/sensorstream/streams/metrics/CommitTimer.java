package io.sensorstream.streams.metrics;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Times each commit of a stream thread, from the first state-store flush of the commit (Kafka Streams' prepare phase,
 * where the changed state is encoded and sent) to the moment it is committed: the Kafka transaction's commit returned
 * (exactly-once; its results are readable from then on) or the stores' post-commit call (at-least-once, after the
 * offsets were committed).
 *
 * <p>Why not Kafka Streams' {@code commit-latency-avg}: it records the commits a processor requests (the commit
 * cadence's) as about 0 ms, since Kafka Streams 4.3 advances its clock after a commit only on its own time-based path;
 * and it divides by the number of tasks. A commit of 10 000 changed sensors took ~100 ms while it read ~2 ms.
 *
 * <p>Each stream thread commits alone, so the start is kept per thread. A flush without a commit behind it (a commit
 * with nothing to commit) is forgotten when the thread next punctuates ({@link #idle()}), so it is never timed.
 */
public final class CommitTimer {

    private static final long NONE = Long.MIN_VALUE;

    private final Timer timer;
    private final LongSupplier nanoClock;
    private final ThreadLocal<long[]> started = ThreadLocal.withInitial(() -> new long[] {NONE});
    /** Told on the committing thread after each timed commit (the commit cadence forecasts Kafka Streams' own). */
    private volatile Runnable onCommitted = () -> { };

    public CommitTimer(Timer timer, LongSupplier nanoClock) {
        this.timer = timer;
        this.nanoClock = nanoClock;
    }

    /** A store is flushed for a commit: the thread's commit starts now unless it started already. */
    public void flushing() {
        long[] start = started.get();
        if (start[0] == NONE) {
            start[0] = nanoClock.getAsLong();
        }
    }

    /** The thread's commit completed: records its duration, if one was started. */
    public void committed() {
        long[] start = started.get();
        if (start[0] != NONE) {
            timer.record(nanoClock.getAsLong() - start[0], TimeUnit.NANOSECONDS);
            start[0] = NONE;
            onCommitted.run();
        }
    }

    /** Runs {@code listener} on the committing thread after each commit timed from now on (replacing any earlier one). */
    public void onCommitted(Runnable listener) {
        this.onCommitted = listener;
    }

    /** The thread is between commits (processing or punctuating): a started commit that never completed is dropped. */
    public void idle() {
        started.get()[0] = NONE;
    }

    /** Commits timed so far, across threads. */
    public long count() {
        return timer.count();
    }
}
