package io.sensorstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A segment of pending readings stays below its byte budget whatever its sensor ids, and keys never meet. */
class PendingBucketSegmentTest {

    @Test
    void longIdsAndFullDoublesFillASegmentByBytesBeforeItsEntryLimit() {
        PendingBucket b = new PendingBucket(5_000, 1_250, 3);
        String id = "plant-7/line-3/".repeat(12) + "\u00e9"; // 181 chars, one of them two bytes in UTF-8
        int n = 0;
        while (!b.full()) {
            b.add(id + n, 5_000 + n % 1_250, new double[] {Math.PI * n, Math.E});
            n++;
        }
        assertThat(n).as("full by bytes after few entries of long ids").isLessThan(1_000);
        byte[] encoded = StateCodecs.pendingBucket().encode(b);
        assertThat(encoded.length).as("within the budget").isLessThanOrEqualTo(PendingBucket.MAX_ENCODED_BYTES);
        assertThat(b.key()).isEqualTo(5_003);
        PendingBucket back = StateCodecs.pendingBucket().decode(encoded);
        assertThat(back.size()).isEqualTo(n);
        assertThat(back.full()).as("the bound is recomputed on decode").isTrue();
    }

    @Test
    void shortIdsAndDecimalsFitManyMoreEntriesStillWithinTheBudget() {
        PendingBucket b = new PendingBucket(0, 1_250);
        int n = 0;
        while (!b.full()) {
            b.add("s" + n % 10, n % 1_250, new double[] {20.5});
            n++;
        }
        assertThat(n).as("entries of a 2-char id and one value").isBetween(10_000, 20_000);
        assertThat(StateCodecs.pendingBucket().encode(b).length).isLessThan(PendingBucket.MAX_ENCODED_BYTES);
    }

    @Test
    void aSegmentKeyNeverReachesTheNextBucketsStart() {
        assertThat(new PendingBucket(1_000, 100, 99).key()).isEqualTo(1_099);
        assertThatThrownBy(() -> new PendingBucket(1_000, 100, 100))
                .hasMessageContaining("segment 100 of a 100 ms bucket: keys would meet the next bucket's");
        assertThatThrownBy(() -> new PendingBucket(1_000, 100, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
