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
 *
 * <p><b>Flushing ahead.</b> A commit encodes and sends every sensor record changed since the last one, then waits for
 * the broker; results wait for all of it. With a flush-ahead time {@code a > 0}, each task writes its changed state
 * {@code a} before each boundary ({@link #nextFlushAhead}, from the same punctuator), into the open transaction like any store write, so the
 * commit itself only sends what changed in the last {@code a} (plus the check delay). Formula: with {@code I = 1000 ms}
 * and {@code a = 50 ms}, flushes ahead fall at {@code k·I − a}: 950, 1 950, …; a sensor whose state changes {@code r}
 * times a second (a reading changes it when it arrives and again when the watermark releases it: {@code r = 10} at 5
 * readings/s) changes again within those ~55 ms with probability {@code 1 − e^(−r·0.055) ≈ 0.42}: the commit encodes
 * about 42 % of the sensors, and they are written twice.
 *
 * <p><b>Kafka Streams' own commits.</b> Kafka Streams keeps its {@code commit.interval.ms} ({@link #SAFETY_NET}) as a
 * safety net: it commits every task when that long has passed since the end of <em>its</em> last commit, whatever the
 * commits requested here, so such a commit falls anywhere between two boundaries with up to an interval of changes to
 * write (measured at 50 000 readings/s: a median of 62–77 ms against 33–35 ms at the boundaries). Its time is
 * predictable: a commit that ends at {@code E} without a request from here (or when the last prediction was due) was
 * Kafka Streams' own, and the next one comes at the first check after {@code E + S}. The tasks flush ahead of that too, at
 * {@code E + S − a}, unless it is within {@code a} of a boundary (whose own flush ahead serves it). Example: with
 * {@code S = 5 000}, a safety-net commit ending at 12 430 → flush ahead at 17 380 for the commit at ~17 430. A wrong
 * prediction (a safety-net commit with nothing to write is not seen) costs one early flush, and the next unrequested
 * commit corrects it.
 */
public final class CommitCadence {

    /**
     * Kafka Streams' own {@code commit.interval.ms} while tasks commit on a cadence: a safety net, below the 10 s
     * transaction timeout Kafka Streams gives exactly-once producers.
     */
    public static final Duration SAFETY_NET = Duration.ofSeconds(5);
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final long intervalMs;
    private final long flushAheadMs;
    private final long safetyNetMs;
    /** Per stream thread: its boundaries and its forecast of Kafka Streams' own next commit. */
    private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);

    private static final class ThreadState {
        /** The next boundary, 0 before the thread's first check. */
        long nextBoundary;
        /** A commit was requested and has not ended yet. */
        boolean requested;
        /** When Kafka Streams' own next commit is expected, or {@link #UNKNOWN}. */
        long safetyNetAt = UNKNOWN;
    }

    public CommitCadence(Duration interval) {
        this(interval, Duration.ZERO);
    }

    /** @param flushAhead how long before each boundary tasks write their changed state; zero: only at the commit */
    public CommitCadence(Duration interval, Duration flushAhead) {
        this(interval, flushAhead, Duration.ZERO);
    }

    /**
     * @param flushAhead how long before each boundary tasks write their changed state; zero: only at the commit
     * @param safetyNet  Kafka Streams' own commit interval, whose commits are forecast and flushed ahead of too; zero:
     *                   not forecast
     */
    public CommitCadence(Duration interval, Duration flushAhead, Duration safetyNet) {
        if (interval.toMillis() <= 0) {
            throw new IllegalArgumentException("commit cadence must be > 0 ms, got " + interval);
        }
        if (flushAhead.isNegative() || flushAhead.toMillis() >= interval.toMillis()) {
            throw new IllegalArgumentException("flush-ahead must be >= 0 and below the commit interval " + interval
                    + ", got " + flushAhead);
        }
        if (safetyNet.isNegative()) {
            throw new IllegalArgumentException("safety net must be >= 0, got " + safetyNet);
        }
        this.intervalMs = interval.toMillis();
        this.flushAheadMs = flushAhead.toMillis();
        this.safetyNetMs = safetyNet.toMillis();
    }

    /**
     * When a task should next write its changed state ahead of a commit: the first {@code k·I − a} after {@code nowMs};
     * {@link Long#MAX_VALUE} without flushing ahead. Formula: {@code ⌊(now + a) / I⌋·I + I − a}; with {@code I = 1000},
     * {@code a = 50}: at 12 345 → 12 950, at 12 950 → 13 950.
     */
    public long nextFlushAhead(long nowMs) {
        if (flushAheadMs == 0) {
            return Long.MAX_VALUE;
        }
        return Math.floorDiv(nowMs + flushAheadMs, intervalMs) * intervalMs + intervalMs - flushAheadMs;
    }

    /**
     * Whether the calling thread should request a commit now: true once per boundary crossed since its last check (a
     * thread's first check only sets its first boundary), false otherwise.
     */
    public boolean due(long nowMs) {
        ThreadState t = threads.get();
        if (nowMs < t.nextBoundary) {
            return false;
        }
        boolean first = t.nextBoundary == 0;
        t.nextBoundary = Math.floorDiv(nowMs, intervalMs) * intervalMs + intervalMs;
        t.requested |= !first;
        return !first;
    }

    /**
     * The calling thread's commit ended at {@code nowMs}: when it was not requested by {@link #due}, or Kafka Streams'
     * own commit was due by the forecast, it was Kafka Streams' own, and its next is forecast {@code S} later.
     */
    public void committed(long nowMs) {
        ThreadState t = threads.get();
        boolean forecastDue = t.safetyNetAt != UNKNOWN && nowMs >= t.safetyNetAt - checkEvery().toMillis();
        if (safetyNetMs > 0 && (!t.requested || forecastDue)) {
            t.safetyNetAt = nowMs + safetyNetMs;
        }
        t.requested = false;
    }

    /**
     * When the calling thread's tasks should write their changed state ahead of Kafka Streams' own next commit:
     * {@code forecast − a}, or {@link Long#MAX_VALUE} when nothing is forecast, there is no flush-ahead time, or the
     * forecast is within {@code a} of a boundary. Example ({@code I = 1 000}, {@code a = 50}): forecast 17 430 → 17 380;
     * forecast 18 020 → none (the flush ahead at 17 950 and the commit at 18 000 left only 20 ms of changes).
     */
    public long nextSafetyNetFlush() {
        long at = threads.get().safetyNetAt;
        if (at == UNKNOWN || flushAheadMs == 0) {
            return Long.MAX_VALUE;
        }
        long offset = Math.floorMod(at, intervalMs);
        return offset <= flushAheadMs || offset >= intervalMs - flushAheadMs ? Long.MAX_VALUE : at - flushAheadMs;
    }

    /**
     * Makes a task follow the cadence: a wall-clock punctuator that asks Kafka Streams for a commit at each boundary
     * (Kafka Streams then commits every task of the thread, after punctuation). Every processor of a topology that
     * starts a sub-topology schedules it, so a thread owning only tasks of one sub-topology commits on time too.
     */
    public void scheduleOn(ProcessorContext<?, ?> context) {
        scheduleOn(context, null);
    }

    /**
     * The same, and with a flush-ahead time the punctuator runs {@code flushAhead} (the task's writing of its changed
     * state) at each {@link #nextFlushAhead} before asking for the commit. Why the punctuator and not the records: it
     * reads the clock, while the time Kafka Streams gives records is read once per batch and lagged ~100 ms behind at
     * 50 000 readings/s, which put the flush ahead after the commit it was meant to precede.
     *
     * @param flushAhead null: nothing to write ahead
     */
    public void scheduleOn(ProcessorContext<?, ?> context, Runnable flushAhead) {
        long[] aheadAt = {flushAhead == null ? Long.MAX_VALUE : Long.MIN_VALUE};
        long[] netFlushed = {Long.MAX_VALUE}; // the forecast flush time this task last ran its flush ahead for
        context.schedule(checkEvery(), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (now >= aheadAt[0]) {
                boolean first = aheadAt[0] == Long.MIN_VALUE;
                aheadAt[0] = nextFlushAhead(now);
                if (!first) { // the first check only sets the time, like the first boundary
                    flushAhead.run();
                }
            }
            long net = flushAhead == null ? Long.MAX_VALUE : nextSafetyNetFlush();
            if (now >= net && net != netFlushed[0]) {
                netFlushed[0] = net;
                flushAhead.run();
            }
            if (due(now)) {
                context.commit();
            }
        });
    }

    /**
     * How often a task checks: a twentieth of the interval, between 5 and 10 ms (a check is a clock read and a compare;
     * a commit starts about this late after its boundary, and a flush ahead this late after its time). Punctuators run
     * between polls, so the stream thread's poll must not wait longer than this: the runner sets Kafka Streams'
     * {@code poll.ms} to it (at the default 100 ms, checks ran 40–100 ms late at 50 000 readings/s).
     */
    public Duration checkEvery() {
        return Duration.ofMillis(Math.max(5, Math.min(10, intervalMs / 20)));
    }

    public Duration interval() {
        return Duration.ofMillis(intervalMs);
    }

    public Duration flushAhead() {
        return Duration.ofMillis(flushAheadMs);
    }
}
