package io.sensorstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The first metric in fields, further ones in arrays: the same answers either way, and through the codec. */
class LastReadingTest {

    @Test
    void aSingleMetricStartsEmptyAndKeepsItsLastValue() {
        LastReading r = new LastReading(1);
        assertThat(r.metricCount()).isEqualTo(1);
        assertThat(r.time(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(r.value(0)).isNaN();
        r.set(0, 1_000, 21.5);
        r.set(0, 2_000, 22.25);
        assertThat(r.time(0)).isEqualTo(2_000);
        assertThat(r.value(0)).isEqualTo(22.25);
        assertThat(r.latestTime()).isEqualTo(2_000);
    }

    @Test
    void furtherMetricsAreKeptApartFromTheFirst() {
        LastReading r = new LastReading(3);
        r.set(2, 5_000, -3.5);
        assertThat(r.latestTime()).isEqualTo(5_000);
        assertThat(r.value(0)).isNaN();
        assertThat(r.time(1)).isEqualTo(Long.MIN_VALUE);
        r.set(0, 4_000, 20.0);
        r.set(1, 6_000, 55.0);
        assertThat(r.metricCount()).isEqualTo(3);
        assertThat(new double[] {r.value(0), r.value(1), r.value(2)}).containsExactly(20.0, 55.0, -3.5);
        assertThat(r.latestTime()).isEqualTo(6_000);
        assertThatThrownBy(() -> new LastReading(0)).hasMessageContaining("at least one metric");
    }

    @Test
    void roundTripsThroughItsCodec() {
        VersionedCodec<LastReading> codec = StateCodecs.lastReading();
        for (int metrics = 1; metrics <= 3; metrics++) {
            LastReading r = new LastReading(metrics);
            for (int m = 0; m < metrics; m++) r.set(m, 1_700_000_000_000L + m, 20.5 + m);
            LastReading back = codec.decode(codec.encode(r));
            assertThat(back.metricCount()).isEqualTo(metrics);
            for (int m = 0; m < metrics; m++) {
                assertThat(back.time(m)).isEqualTo(r.time(m));
                assertThat(back.value(m)).isEqualTo(r.value(m));
            }
        }
    }
}
