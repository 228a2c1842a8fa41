package io.sensorstream.core.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticSeriesTest {

    @Test
    void deterministicLabelledAroundTheirOnsets() {
        List<LabelledSeries> a = SyntheticSeries.generate(7);
        List<LabelledSeries> b = SyntheticSeries.generate(7);
        assertThat(a).hasSize(6);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).values()).containsExactly(b.get(i).values());
            assertThat(a.get(i).times()).isSorted();
        }
        assertThat(SyntheticSeries.generate(8).get(0).values()).isNotEqualTo(a.get(0).values());
        LabelledSeries shift = a.stream().filter(s -> s.name().contains("level_shift")).findFirst().orElseThrow();
        long onset = shift.times()[2_800];
        assertThat(shift.windows()).singleElement().satisfies(w -> assertThat(onset).isBetween(w[0], w[1]));
        double before = mean(shift.values(), 2_512, 2_800);  // one day before
        double after = mean(shift.values(), 2_800, 3_088);   // one day after
        assertThat(after - before).as("the shift").isBetween(5.0, 7.0);
        LabelledSeries flat = a.stream().filter(s -> s.name().contains("flatline")).findFirst().orElseThrow();
        assertThat(flat.values()[3_100]).isEqualTo(flat.values()[3_000]);
        assertThat(a.stream().filter(s -> s.name().contains("normal")).findFirst().orElseThrow().windows()).isEmpty();
    }

    private static double mean(double[] v, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += v[i];
        return sum / (to - from);
    }
}
