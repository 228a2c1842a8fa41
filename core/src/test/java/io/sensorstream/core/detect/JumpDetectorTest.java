package io.sensorstream.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JumpDetectorTest {

    private final JumpDetector detector = new JumpDetector(5.0);

    @Test
    void alertsAboveThresholdInBothDirections() {
        Assessment up = detector.compare(20.1, 35.3);
        assertThat(up.anomalous()).isTrue();
        assertThat(up.score()).isCloseTo(15.2, within(1e-9));
        assertThat(up.expected()).isEqualTo(20.1);
        assertThat(detector.compare(35.3, 20.0).anomalous()).isTrue();
        assertThat(detector.compare(Double.NaN, 20.0).warmingUp()).as("no predecessor").isTrue();
    }

    @Test
    void exactlyAtThresholdDoesNotAlert() {
        assertThat(detector.compare(20.0, 25.0).anomalous()).isFalse();
        assertThat(detector.compare(20.0, 15.0).anomalous()).isFalse();
        assertThat(detector.compare(20.0, 25.0001).anomalous()).isTrue();
        JumpDetector.State s = detector.newState();
        assertThat(detector.assess(s, 20.0, 1).warmingUp()).isTrue();
        assertThat(detector.assess(s, 25.0001, 2).anomalous()).as("the suite uses the same rule").isTrue();
    }

    @Test
    void rejectsInvalidThreshold() {
        assertThatThrownBy(() -> new JumpDetector(-1)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new JumpDetector(Double.NaN)).hasMessageContaining("threshold");
    }

    /** The engine's shortcut for the seed's alert topic agrees with the full verdict, also at the threshold and without a predecessor. */
    @Test
    void exceedsAgreesWithCompare() {
        JumpDetector d = new JumpDetector(5.0);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            double previous = i % 100 == 0 ? Double.NaN : random.nextDouble(-20, 20);
            double value = i % 10 == 1 ? previous + 5.0 : random.nextDouble(-20, 20);
            assertThat(d.exceeds(previous, value)).as("%s -> %s", previous, value).isEqualTo(d.compare(previous, value).anomalous());
        }
        assertThat(d.exceeds(20.0, 25.0)).isFalse();
        assertThat(d.exceeds(20.0, 25.5)).isTrue();
        assertThat(d.exceeds(Double.NaN, 100.0)).isFalse();
    }
}
