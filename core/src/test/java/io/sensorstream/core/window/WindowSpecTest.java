package io.sensorstream.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowSpecTest {

    @Test
    void tumblingAssignsExactlyOneWindow() {
        WindowSpec spec = WindowSpec.tumbling(Duration.ofSeconds(60));
        assertThat(spec.lastStartFor(125_000)).isEqualTo(120_000);
        assertThat(spec.firstStartFor(125_000)).isEqualTo(120_000);
        assertThat(spec.windowAt(120_000)).isEqualTo(new Window(120_000, 180_000));
        assertThat(spec.lastStartFor(120_000)).isEqualTo(120_000);
        assertThat(spec.lastStartFor(179_999)).isEqualTo(120_000);
        assertThat(spec.lastStartFor(-1)).isEqualTo(-60_000);
    }

    @Test
    void hoppingMatchesTheJavadocExample() {
        WindowSpec spec = WindowSpec.hopping(Duration.ofMinutes(5), Duration.ofMinutes(1));
        assertThat(spec.firstStartFor(125_000)).isEqualTo(-120_000);
        assertThat(spec.lastStartFor(125_000)).isEqualTo(120_000);
        assertThat(spec.maxWindowsPerReading()).isEqualTo(5);
    }

    @Test
    void assignmentAgreesWithBruteForceOnRandomSpecs() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            long advance = 1 + random.nextLong(50);
            long size = advance + random.nextLong(200);
            WindowSpec spec = new WindowSpec(size, advance);
            long t = random.nextLong(-10_000, 10_000);
            List<Long> expected = new ArrayList<>();
            for (long s = Math.floorDiv(t - size - advance, advance) * advance; s <= t; s += advance) {
                if (s <= t && t < s + size) expected.add(s);
            }
            List<Long> actual = new ArrayList<>();
            for (long s = spec.firstStartFor(t); s <= spec.lastStartFor(t); s += advance) actual.add(s);
            assertThat(actual).as("size=%d advance=%d t=%d", size, advance, t).isEqualTo(expected);
            actual.forEach(s -> assertThat(spec.windowAt(s).contains(t)).isTrue());
        }
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new WindowSpec(0, 0)).hasMessageContaining("size must be positive");
        assertThatThrownBy(() -> new WindowSpec(10, 20)).hasMessageContaining("advance");
        assertThatThrownBy(() -> new Window(5, 5)).hasMessageContaining("after start");
    }
}
