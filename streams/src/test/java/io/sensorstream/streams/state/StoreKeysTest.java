package io.sensorstream.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class StoreKeysTest {

    @Test
    void windowKeysSortLikeTheirEndTimesIncludingNegatives() {
        SplittableRandom random = new SplittableRandom(5);
        List<long[]> pairs = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            long a = random.nextLong(-1_000_000, 1_000_000);
            long b = random.nextLong(-1_000_000, 1_000_000);
            int cmp = StoreKeys.windowKey(a, "z").compareTo(StoreKeys.windowKey(b, "a"));
            if (a < b) assertThat(cmp).isNegative();
            if (a > b) assertThat(cmp).isPositive();
            pairs.add(new long[] {a, b});
        }
        assertThat(pairs).hasSize(5_000);
    }

    @Test
    void windowBoundsSelectExactlyTheEndsUpToTheWatermark() {
        Bytes upTo = StoreKeys.windowKeysEndingUpTo(60_000);
        assertThat(StoreKeys.windowKey(60_000, "\uffff\uffff").compareTo(upTo)).isNegative();
        assertThat(StoreKeys.windowKey(60_001, "a").compareTo(upTo)).isPositive();
        Bytes from = StoreKeys.windowKeysEndingUpTo(59_999);
        assertThat(StoreKeys.windowKey(60_000, "a").compareTo(from)).isPositive();
        assertThat(StoreKeys.windowKey(59_999, "a").compareTo(from)).isNegative();
    }

    @Test
    void pendingBoundsSelectExactlyTheTimesBeforeTheWatermark() {
        Bytes before = StoreKeys.pendingKeysBefore(1_000);
        assertThat(StoreKeys.pendingKey(999, Long.MAX_VALUE).compareTo(before)).isNegative();
        assertThat(StoreKeys.pendingKey(1_000, 0).compareTo(before)).isPositive();
        Bytes from = StoreKeys.pendingKey(500, 0);
        assertThat(StoreKeys.pendingKey(500, 0).compareTo(from)).isZero();
        assertThat(StoreKeys.pendingKey(500, 7).compareTo(from)).isPositive();
        assertThat(StoreKeys.pendingKey(499, Long.MAX_VALUE).compareTo(from)).isNegative();
    }

    @Test
    void keysRoundTrip() {
        Bytes w = StoreKeys.windowKey(-5, "sensor_é");
        assertThat(StoreKeys.windowEnd(w)).isEqualTo(-5);
        assertThat(StoreKeys.windowSensorId(w)).isEqualTo("sensor_é");
        assertThat(StoreKeys.pendingEventTime(StoreKeys.pendingKey(1_700_000_000_000L, 42))).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void timeIndexTracksTheEarliestLiveTime() {
        TimeIndex index = new TimeIndex();
        assertThat(index.earliest()).isEqualTo(Long.MAX_VALUE);
        index.add(30);
        index.add(10);
        index.add(10);
        index.add(20);
        assertThat(index.earliest()).isEqualTo(10);
        index.removeBefore(20);
        assertThat(index.earliest()).isEqualTo(20);
        assertThat(index.distinctTimes()).isEqualTo(2);
        index.removeBefore(31);
        assertThat(index.isEmpty()).isTrue();
    }
}
