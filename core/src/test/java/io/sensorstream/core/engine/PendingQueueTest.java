package io.sensorstream.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.state.PendingBucket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Release order of the pending buffer, including after the queue's remembered buckets (last used, first) change. */
class PendingQueueTest {

    private static final long SIZE = 1_000;

    private final PendingQueue queue = new PendingQueue();

    /** Appends a reading the way the detection stage does: find or make its bucket, append, queue the entry. */
    private void add(String sensor, long t) {
        long start = Math.floorDiv(t, SIZE) * SIZE;
        PendingBucket b = queue.bucket(start);
        if (b == null) {
            b = new PendingBucket(start, SIZE);
            queue.addBucket(b);
        }
        queue.added(start, b.add(sensor, t, new double[] {t}));
    }

    /** Releases everything before {@code w}, dropping ended buckets, as "sensor@t" in release order. */
    private List<String> release(long w) {
        List<String> out = new ArrayList<>();
        PendingBucket ended;
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
}
