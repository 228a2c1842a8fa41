package io.sensorstream.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.state.PendingBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Release order of the pending buffer, including after the queue's remembered buckets (last used, first) change. */
class PendingQueueTest {

    private static final long SIZE = 1_000;

    private final PendingQueue queue = new PendingQueue();

    /** Appends a reading the way the detection stage does: find or make its bucket, append, queue the entry. */
    private void add(String sensor, long t) {
        long start = Math.floorDiv(t, SIZE) * SIZE;
        PendingBucket b = queue.bucket(start);
        if (b == null || b.full()) {
            b = new PendingBucket(start, SIZE, b == null ? 0 : b.segment() + 1);
            queue.addBucket(b);
        }
        queue.added(start, b.add(sensor, t, new double[] {t}));
    }

    /** Releases everything before {@code w}, dropping ended buckets, as "sensor@t" in release order. */
    private List<String> release(long w) {
        List<String> out = new ArrayList<>();
        PendingBucket[] ended;
        do {
            int next;
            while ((next = queue.pollBefore(w)) >= 0) {
                PendingBucket b = queue.polledBucket();
                out.add(b.sensorId(next) + "@" + b.eventTimeMs(next));
            }
            ended = queue.pollEndedBefore(w);
        } while (ended != null);
        return out;
    }

    @Test
    void releasesByEventTimeThenArrivalAcrossBuckets() {
        add("a", 1_500);
        add("b", 1_200);
        add("c", 2_100);
        add("d", 1_200); // same time as b, arrived later
        assertThat(release(3_000)).containsExactly("b@1200", "d@1200", "a@1500", "c@2100");
        assertThat(queue.size()).isZero();
    }

    @Test
    void anEarlierBucketMadeAfterALaterOneIsReleasedFirst() {
        add("late-bucket", 5_300);
        assertThat(release(5_000)).isEmpty(); // the first bucket (5 000) is now known to the queue
        add("early-bucket", 4_200); // out of order, within the watermark delay: a bucket before the first
        assertThat(release(6_000)).containsExactly("early-bucket@4200", "late-bucket@5300");
    }

    @Test
    void aBucketDroppedAndMadeAgainAtTheSameStartIsANewBucket() {
        add("a", 7_100);
        assertThat(release(8_000)).containsExactly("a@7100"); // bucket 7 000 released and dropped
        add("b", 7_400); // e.g. accepted within the allowed lateness and buffered again
        assertThat(queue.size()).isEqualTo(1);
        assertThat(release(9_000)).containsExactly("b@7400");
    }

    @Test
    void aReadingForABucketBeingReleasedTakesItsPlaceInOrder() {
        add("a", 1_100);
        add("c", 1_900);
        assertThat(release(1_500)).containsExactly("a@1100"); // bucket 1 000 sorted, partly released
        add("b", 1_600);
        add("d", 1_950);
        assertThat(release(2_000)).containsExactly("b@1600", "c@1900", "d@1950");
    }

    /**
     * A bucket of more readings than a segment holds is stored in segments (keys start, start + 1, ...), released as one
     * bucket: by event time across segments, ties in arrival order even across a segment boundary, readings arriving
     * while it is released included; all its segments are dropped together.
     */
    @Test
    void aBucketInSegmentsIsReleasedAsOneInEventTimeThenArrivalOrder() {
        int n = 16_484; // more than a segment holds
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) add("s" + i, 1_000 + (n - i) % 997); // times out of order, each 16 or 17 times
        assertThat(queue.bucket(1_000).segment()).as("later segments take the rest").isGreaterThanOrEqualTo(1);
        List<String[]> all = new ArrayList<>();
        for (int i = 0; i < n; i++) all.add(new String[] {"s" + i, Long.toString(1_000 + (n - i) % 997)});
        all.sort((x, y) -> Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]))); // stable: arrival order on ties
        for (String[] e : all) if (Long.parseLong(e[1]) < 1_500) expected.add(e[0] + "@" + e[1]);
        assertThat(release(1_500)).isEqualTo(expected);
        add("late", 1_700); // into the last segment while the bucket is being released
        List<String> rest = new ArrayList<>();
        for (String[] e : all) {
            if (Long.parseLong(e[1]) >= 1_500 && Long.parseLong(e[1]) <= 1_700) rest.add(e[0] + "@" + e[1]);
        }
        rest.add("late@1700");
        for (String[] e : all) if (Long.parseLong(e[1]) > 1_700) rest.add(e[0] + "@" + e[1]);
        assertThat(release(2_000)).isEqualTo(rest);
        assertThat(queue.size()).isZero();
        assertThat(queue.bucket(1_000)).as("both segments dropped with the bucket").isNull();
    }

    /**
     * Both ways of sorting a bucket (counting sort over a narrow span of event times, key sort over a wide one) release
     * in event time, ties in arrival order, the same as a stable sort of the readings.
     */
    @Test
    void narrowAndWideBucketsAreReleasedInStableEventTimeOrder() {
        for (long span : new long[] {50, 1_000_000}) { // 50 ms: counting sort; 1 000 000 ms > the counting limit: key sort
            PendingQueue q = new PendingQueue();
            PendingBucket b = new PendingBucket(0, span);
            q.addBucket(b);
            SplittableRandom random = new SplittableRandom(span);
            List<long[]> readings = new ArrayList<>(); // {time, arrival}
            for (int i = 0; i < 2_000; i++) {
                long t = random.nextLong(span);
                readings.add(new long[] {t, i});
                q.added(0, b.add("s" + i, t, new double[] {i}));
            }
            assertThat(span >= PendingQueue.countingLimit(2_000)).isEqualTo(span == 1_000_000);
            readings.sort((x, y) -> Long.compare(x[0], y[0])); // stable
            List<String> expected = new ArrayList<>();
            for (long[] r : readings) expected.add("s" + r[1] + "@" + r[0]);
            List<String> released = new ArrayList<>();
            int next;
            while ((next = q.pollBefore(span)) >= 0) released.add(q.polledBucket().sensorId(next) + "@" + q.polledBucket().eventTimeMs(next));
            assertThat(released).as("span %d", span).isEqualTo(expected);
        }
    }
}
