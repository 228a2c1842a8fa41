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
 * <p>The sort is a counting sort over the event time's offset in the bucket (see {@link #sort}), not a sort of objects:
 * sorting entry objects through a comparator was 9 % of the stream thread (pointer chasing, TimSort merges). A reading
 * that arrives for a bucket already being released goes to its place by binary search.
 *
 * <p>A bucket may be stored in several segments ({@link PendingBucket#full()}); they are released as one bucket, an
 * entry being {@code segment << 20 | index}, so segments filled one after the other keep the arrival order of ties.
 */
final class PendingQueue {

    private static final long ENTRY_MASK = (1L << 31) - 1;
    private static final int SEGMENT_SHIFT = 20;
    private static final int INDEX_MASK = (1 << SEGMENT_SHIFT) - 1;
    /** Segments a bucket may have: entries are 31-bit keys (11 bits of segment, 20 of index). */
    static final int MAX_SEGMENTS = 1 << (31 - SEGMENT_SHIFT);

    /** A durable bucket (its segments, in the order they filled) and its release order. */
    private static final class Queued {
        PendingBucket[] segments = new PendingBucket[1];
        int count;
        /** Entries of all segments. */
        int total;
        /** Entries ({@code segment << 20 | index}) in release order from {@link #head}, valid once {@link #sorted}. */
        int[] order;
        int head;
        boolean sorted;

        Queued(PendingBucket first) {
            add(first);
        }

        void add(PendingBucket segment) {
            if (segment.segment() != count) {
                throw new IllegalArgumentException("segment " + segment.segment() + " of the bucket at " + segment.startMs()
                        + " after " + count + " segments");
            }
            if (count == segments.length) segments = Arrays.copyOf(segments, count * 2);
            segments[count++] = segment;
            total += segment.size();
        }

        PendingBucket data() {
            return segments[0];
        }

        PendingBucket last() {
            return segments[count - 1];
        }

        long eventTimeMs(int entry) {
            return segments[entry >>> SEGMENT_SHIFT].eventTimeMs(entry & INDEX_MASK);
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

    /**
     * A bucket, or its next segment, restored or made; its entries (all still pending) join the queue. Segments come in
     * order: segment 0 makes the bucket.
     */
    void addBucket(PendingBucket b) {
        if (b.segment() > 0) {
            Queued q = find(b.startMs());
            if (q == null) throw new IllegalArgumentException("segment " + b.segment() + " of a bucket at " + b.startMs() + " not queued");
            if (q.count == MAX_SEGMENTS) {
                throw new IllegalStateException("more than " + MAX_SEGMENTS + " segments of pending readings in the bucket at "
                        + b.startMs() + " of one partition; lower window.watermark-delay or spread the input over more partitions");
            }
            if (q.sorted && q.order.length < q.total + b.size()) q.order = Arrays.copyOf(q.order, q.total + b.size() + 8);
            q.add(b);
            size += b.size();
            return;
        }
        Queued q = new Queued(b);
        buckets.put(b.startMs(), q);
        last = q;
        first = null;
        size += b.size();
    }

    private Queued find(long startMs) {
        Queued q = last;
        if (q != null && q.data().startMs() == startMs) {
            return q;
        }
        q = buckets.get(startMs);
        if (q != null) {
            last = q;
        }
        return q;
    }

    /** The last segment of the bucket starting at {@code startMs} (the one readings go to), or null. */
    PendingBucket bucket(long startMs) {
        Queued q = find(startMs);
        return q == null ? null : q.last();
    }

    /** Entry {@code index}, just appended to the last segment of the bucket at {@code startMs}, joins the queue. */
    void added(long startMs, int index) {
        Queued q = find(startMs);
        int entry = (q.count - 1) << SEGMENT_SHIFT | index;
        q.total++;
        if (q.sorted) {
            int at = positionOf(q, entry);
            if (q.order.length < q.total) {
                q.order = Arrays.copyOf(q.order, q.total + (q.total >> 1) + 8);
            }
            int end = q.total - 1; // entries in order[] before this one
            System.arraycopy(q.order, at, q.order, at + 1, end - at);
            q.order[at] = entry;
        }
        size++;
    }

    /** First position from the head whose entry comes after the new entry (greater time, or equal time: arrived first). */
    private static int positionOf(Queued q, int entry) {
        long t = q.eventTimeMs(entry);
        int lo = q.head;
        int hi = q.total - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (q.eventTimeMs(q.order[mid]) <= t) lo = mid + 1;
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
        if (q == null || q.data().startMs() >= w) {
            return -1;
        }
        if (!q.sorted) {
            sort(q);
        }
        if (q.head == q.total) {
            return -1; // all released: the caller drops the bucket if w is past its end, else nothing more is due
        }
        int entry = q.order[q.head];
        if (q.eventTimeMs(entry) >= w) {
            return -1;
        }
        q.head++;
        size--;
        polled = q.segments[entry >>> SEGMENT_SHIFT];
        return entry & INDEX_MASK;
    }

    PendingBucket polledBucket() {
        return polled;
    }

    /**
     * Removes the first bucket if it ends at or before {@code w} (all released) and returns its segments, in order, to
     * drop from the state; else null.
     */
    PendingBucket[] pollEndedBefore(long w) {
        Queued q = first();
        if (q == null || q.data().endMs() > w) {
            return null;
        }
        buckets.pollFirstEntry();
        first = null;
        if (q == last) {
            last = null;
        }
        size -= q.total - (q.sorted ? q.head : 0);
        return Arrays.copyOf(q.segments, q.count);
    }

    /**
     * Puts the bucket's entries in release order. Event times of a bucket lie within its {@code sizeMs} ({@code max(100 ms,
     * delay / 4)}: 1 250 distinct milliseconds by default), so a counting sort over the time offset does it in two passes, stable
     * (ties keep arrival order) and with no comparisons: it replaced a sort of primitive keys that was 9 % of the
     * engine's time with 10 000 sensors in one partition (JMH). Offsets spanning more than {@link #countingLimit} fall
     * back to that sort.
     */
    private static void sort(Queued q) {
        int n = q.total;
        int[] order = new int[Math.max(8, n + (n >> 2))];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int s = 0; s < q.count; s++) {
            PendingBucket b = q.segments[s];
            for (int i = 0; i < b.size(); i++) {
                long t = b.eventTimeMs(i);
                min = Math.min(min, t);
                max = Math.max(max, t);
            }
        }
        if (n > 0 && max - min < countingLimit(n)) {
            countingSort(q, min, (int) (max - min + 1), order);
        } else {
            keySort(q, n, min, max, order);
        }
        q.order = order;
        q.sorted = true;
    }

    /**
     * Distinct offsets a counting sort of {@code n} entries may span: its counters cost no more than the entries, and at
     * most 2^24 of them (64 MiB).
     */
    static long countingLimit(int n) {
        return Math.min(1L << 24, Math.max(4_096, 4L * n));
    }

    /** Stable counting sort by {@code t − min} in [0, span): entries visited in arrival order keep it among equal times. */
    private static void countingSort(Queued q, long min, int span, int[] order) {
        int[] next = new int[span + 1];
        for (int s = 0; s < q.count; s++) {
            PendingBucket b = q.segments[s];
            for (int i = 0; i < b.size(); i++) next[(int) (b.eventTimeMs(i) - min) + 1]++;
        }
        for (int k = 1; k <= span; k++) next[k] += next[k - 1]; // next[k]: where the first entry at offset k goes
        for (int s = 0; s < q.count; s++) {
            PendingBucket b = q.segments[s];
            for (int i = 0; i < b.size(); i++) order[next[(int) (b.eventTimeMs(i) - min)]++] = s << SEGMENT_SHIFT | i;
        }
    }

    /** Sort of primitive keys {@code (t − min) << 31 | entry} (entries ascend in arrival order, so ties keep it). */
    private static void keySort(Queued q, int n, long min, long max, int[] order) {
        int[] entries = new int[n];
        int k = 0;
        for (int s = 0; s < q.count; s++) {
            for (int i = 0; i < q.segments[s].size(); i++) entries[k++] = s << SEGMENT_SHIFT | i;
        }
        if (n > 0 && max - min < (1L << 32)) {
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) keys[i] = (q.eventTimeMs(entries[i]) - min) << 31 | entries[i];
            Arrays.sort(keys);
            for (int i = 0; i < n; i++) order[i] = (int) (keys[i] & ENTRY_MASK);
        } else { // a bucket spanning more than 49 days of event time: not made by this engine, sorted the slow way
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) boxed[i] = entries[i];
            Arrays.sort(boxed, (x, y) -> Long.compare(q.eventTimeMs(x), q.eventTimeMs(y))); // stable: ties by arrival
            for (int i = 0; i < n; i++) order[i] = boxed[i];
        }
    }

    /** Readings not yet released. */
    int size() {
        return size;
    }
}
