package io.sensorstream.streams.processor;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Commits on a fixed wall-clock cadence, start to start, like Flink's checkpoint interval: each stream thread commits
 * at the first chance after every multiple of the interval since the epoch.
 *
 * <p>Why: Kafka Streams measures {@code commit.interval.ms} from the end of one commit to the start of the next, so
 * with an interval {@code I} and a commit that takes {@code d} its cycle is {@code I + d}, and a result produced just
 * after a commit began becomes readable {@code I + 2d} later. Here commits start at {@code k·I}: a result waits at most
 * {@code I + d}. Formula: with {@code I = 1000 ms}, the boundaries are {@code ⌊now / I⌋·I + I}; at
 * {@code now = 12 345} the next commit is requested at the first check at or after 13 000, the one after at 14 000,
 * whatever the commit at 13 000 took.
 *
 * <p>One instance per topology (a Kafka Streams instance), shared by its tasks; each stream thread keeps its own next
 * boundary, so the tasks of one thread request one commit per boundary (Kafka Streams then commits them all). Every
 * thread and instance uses the same boundaries, so results of all partitions become readable at the same moments.
 */
public final class CommitCadence {

    private final long intervalMs;
    /** Per stream thread: the next boundary, 0 before the thread's first check. */
    private final ThreadLocal<long[]> nextBoundary = ThreadLocal.withInitial(() -> new long[1]);

    public CommitCadence(Duration interval) {
        if (interval.toMillis() <= 0) {
            throw new IllegalArgumentException("commit cadence must be > 0 ms, got " + interval);
        }
        this.intervalMs = interval.toMillis();
    }

    /**
     * Whether the calling thread should request a commit now: true once per boundary crossed since its last check (a
     * thread's first check only sets its first boundary), false otherwise.
     */
    public boolean due(long nowMs) {
        long[] next = nextBoundary.get();
        if (nowMs < next[0]) {
            return false;
        }
        boolean first = next[0] == 0;
        next[0] = Math.floorDiv(nowMs, intervalMs) * intervalMs + intervalMs;
        return !first;
    }

    /**
     * Makes a task follow the cadence: a wall-clock punctuator that asks Kafka Streams for a commit at each boundary
     * (Kafka Streams then commits every task of the thread, after punctuation). Every processor of a topology that
     * starts a sub-topology schedules it, so a thread owning only tasks of one sub-topology commits on time too.
     */
    public void scheduleOn(ProcessorContext<?, ?> context) {
        context.schedule(checkEvery(), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (due(now)) {
                context.commit();
            }
        });
    }

    /** How often a task checks: a twentieth of the interval, between 5 and 50 ms (a check is a clock read). */
    public Duration checkEvery() {
        return Duration.ofMillis(Math.max(5, Math.min(50, intervalMs / 20)));
    }

    public Duration interval() {
        return Duration.ofMillis(intervalMs);
    }
}
