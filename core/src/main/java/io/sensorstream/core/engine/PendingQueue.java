package io.sensorstream.core.engine;

import io.sensorstream.core.state.PendingBucket;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The pending buckets of one partition, by start, and the order in which their readings are released: by event time,
 * ties in arrival order. Readings go unsorted into their bucket; a bucket is sorted once, when the watermark first
 * reaches it, and then released from its head. Out-of-order arrival within the watermark delay is the normal case, so
 * this costs an append per reading and one sort per bucket (measured: a sorted map was 13 % of the stream thread).
 *
 * <p>The sort is of primitive keys {@code (t − min t) << 31 | index}, not of objects: sorting entry objects through a
 * comparator was 9 % of the stream thread (pointer chasing, TimSort merges). A reading that arrives for a bucket already
 * being released goes to its place by binary search.
 */
final class PendingQueue {

    private static final long INDEX_MASK = (1L << 31) - 1;

    /** A durable bucket and its release order. */
    private static final class Queued {
        final PendingBucket data;
        /** Entry indexes in release order from {@link #head}, valid once {@link #sorted}. */
        int[] order;
        int head;
        boolean sorted;

        Queued(PendingBucket data) {
            this.data = data;
        }
    }

    private final TreeMap<Long, Queued> buckets = new TreeMap<>();
    private int size;
    /** The bucket of the entry {@link #pollBefore} returned last. */
    private PendingBucket polled;
    /**
     * The bucket looked up last: readings mostly arrive for the newest bucket, and each costs two lookups (find the
     * bucket, then queue the entry); the memo saves both tree lookups and their boxed keys (1.5 % in a profile).
     */
    private Queued last;
    /** The first bucket, or null when not known: asked once per released reading, changed only when buckets come or go. */
    private Queued first;

    /** A bucket restored or made; its entries (all still pending) join the queue. */
    void addBucket(PendingBucket b) {
        Queued q = new Queued(b);
        buckets.put(b.startMs(), q);
        last = q;
        first = null;
        size += b.size();
    }

    private Queued find(long startMs) {
        Queued q = last;
        if (q != null && q.data.startMs() == startMs) {
            return q;
        }
        q = buckets.get(startMs);
        if (q != null) {
            last = q;
        }
        return q;
    }

    /** The bucket starting at {@code startMs}, or null. */
    PendingBucket bucket(long startMs) {
        Queued q = find(startMs);
        return q == null ? null : q.data;
    }

    /** Entry {@code index}, just appended to the bucket at {@code startMs}, joins the queue. */
    void added(long startMs, int index) {
        Queued q = find(startMs);
        if (q.sorted) {
            int at = positionOf(q, index);
            if (q.order.length < q.data.size()) {
                q.order = Arrays.copyOf(q.order, q.data.size() + (q.data.size() >> 1) + 8);
            }
            int end = q.data.size() - 1; // entries in order[] before this one
            System.arraycopy(q.order, at, q.order, at + 1, end - at);
            q.order[at] = index;
        }
        size++;
    }

    /** First position from the head whose entry comes after the new entry (greater time, or equal time: arrived first). */
    private static int positionOf(Queued q, int index) {
        long t = q.data.eventTimeMs(index);
        int lo = q.head;
        int hi = q.data.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (q.data.eventTimeMs(q.order[mid]) <= t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private Queued first() {
        if (first == null && !buckets.isEmpty()) {
            first = buckets.firstEntry().getValue();
        }
        return first;
    }

    /**
     * Removes the first pending reading if its event time is before {@code w} and returns its index in
     * {@link #polledBucket()}; -1 when none is due.
     */
    int pollBefore(long w) {
        Queued q = first();
        if (q == null || q.data.startMs() >= w) {
            return -1;
        }
        if (!q.sorted) {
            sort(q);
        }
        if (q.head == q.data.size()) {
            return -1; // all released: the caller drops the bucket if w is past its end, else nothing more is due
        }
        int index = q.order[q.head];
        if (q.data.eventTimeMs(index) >= w) {
            return -1;
        }
        q.head++;
        size--;
        polled = q.data;
        return index;
    }

    PendingBucket polledBucket() {
        return polled;
    }

    /** Removes and returns the first bucket if it ends at or before {@code w} (all released), else null. */
    PendingBucket pollEndedBefore(long w) {
        Queued q = first();
        if (q == null || q.data.endMs() > w) {
            return null;
        }
        buckets.pollFirstEntry();
        first = null;
        if (q == last) {
            last = null;
        }
        size -= q.data.size() - (q.sorted ? q.head : 0);
        return q.data;
    }

    private static void sort(Queued q) {
        PendingBucket b = q.data;
        int n = b.size();
        int[] order = new int[Math.max(8, n + (n >> 2))];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, b.eventTimeMs(i));
            max = Math.max(max, b.eventTimeMs(i));
        }
        if (n > 0 && max - min < (1L << 32)) {
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) keys[i] = (b.eventTimeMs(i) - min) << 31 | i;
            Arrays.sort(keys);
            for (int i = 0; i < n; i++) order[i] = (int) (keys[i] & INDEX_MASK);
        } else { // a bucket spanning more than 49 days of event time: not made by this engine, sorted the slow way
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) boxed[i] = i;
            Arrays.sort(boxed, (x, y) -> Long.compare(b.eventTimeMs(x), b.eventTimeMs(y))); // stable: ties by index
            for (int i = 0; i < n; i++) order[i] = boxed[i];
        }
        q.order = order;
        q.sorted = true;
    }

    /** Readings not yet released. */
    int size() {
        return size;
    }
}
