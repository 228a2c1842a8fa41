package io.sensorstream.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./bench/compare --rounds}: every contender as often in each place, and medians over the runs that gave one. */
class CompareRoundsTest {

    private static Compare.Row run(double seconds, double secondHalf) {
        return new Compare.Row("x", seconds > 0 ? 1_000 : 0, seconds, 1, 1, "", secondHalf);
    }

    @Test
    void eachRoundRunsTheContendersInTheOppositeOrderOfTheOneBefore() {
        List<int[]> order = Compare.runOrder(3, 4);
        assertThat(order.stream().map(r -> r[0] + "@" + r[1]).toList()).containsExactly(
                "0@1", "1@1", "2@1", "2@2", "1@2", "0@2", "0@3", "1@3", "2@3", "2@4", "1@4", "0@4");
        assertThat(Compare.runOrder(2, 1).stream().map(r -> r[0]).toList()).containsExactly(0, 1);
        assertThatThrownBy(() -> Compare.runOrder(2, 0)).hasMessageContaining("--rounds");
    }

    @Test
    void medianOfRunsLeavesOutRunsWithoutAResult() {
        // rates 1 000 / s: 1 000, 500, 250 readings/s; a failed run (no records) does not count
        List<Compare.Row> runs = List.of(run(1, 10), run(2, Double.NaN), run(4, 30), run(0, 99));
        assertThat(Compare.median(runs, Compare.Row::rate)).isEqualTo(500);
        assertThat(Compare.median(runs, Compare.Row::secondHalf)).as("even count: mean of the middle two").isEqualTo(20);
        assertThat(Compare.median(List.of(run(0, 5)), Compare.Row::rate)).isNaN();
    }
}
