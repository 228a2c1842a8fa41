package io.sensorstream.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sensorstream.core.reading.Reading;
import org.junit.jupiter.api.Test;

class JumpDetectorTest {

    private final JumpDetector detector = new JumpDetector(5.0);

    @Test
    void alertsAboveThresholdInBothDirections() {
        JumpAlert up = detector.check(20.1, 1_000, new Reading("s", 2_000, 35.3));
        assertThat(up).isNotNull();
        assertThat(up.delta()).isCloseTo(15.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(up.previousEventTimeMs()).isEqualTo(1_000);
        assertThat(up.eventTimeMs()).isEqualTo(2_000);
        assertThat(detector.check(35.3, 2_000, new Reading("s", 3_000, 20.0))).isNotNull();
    }

    @Test
    void exactlyAtThresholdDoesNotAlert() {
        assertThat(detector.check(20.0, 1, new Reading("s", 2, 25.0))).isNull();
        assertThat(detector.check(20.0, 1, new Reading("s", 2, 15.0))).isNull();
        assertThat(detector.check(20.0, 1, new Reading("s", 2, 25.0001))).isNotNull();
    }

    @Test
    void rejectsInvalidThreshold() {
        assertThatThrownBy(() -> new JumpDetector(-1)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new JumpDetector(Double.NaN)).hasMessageContaining("threshold");
    }
}
