package io.sensorstream.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JumpDetectorTest {

    private final JumpDetector detector = new JumpDetector(5.0);

    @Test
    void alertsAboveThresholdInBothDirections() {
        JumpAlert up = detector.check("s", "temperature", 20.1, 1_000, 35.3, 2_000);
        assertThat(up).isNotNull();
        assertThat(up.delta()).isCloseTo(15.2, within(1e-9));
        assertThat(up.previousEventTimeMs()).isEqualTo(1_000);
        assertThat(up.eventTimeMs()).isEqualTo(2_000);
        assertThat(up.metric()).isEqualTo("temperature");
        assertThat(detector.check("s", "temperature", 35.3, 2_000, 20.0, 3_000)).isNotNull();
    }

    @Test
    void exactlyAtThresholdDoesNotAlert() {
        assertThat(detector.check("s", "t", 20.0, 1, 25.0, 2)).isNull();
        assertThat(detector.check("s", "t", 20.0, 1, 15.0, 2)).isNull();
        assertThat(detector.check("s", "t", 20.0, 1, 25.0001, 2)).isNotNull();
        assertThat(detector.isJump(20.0, 25.0001)).isTrue();
    }

    @Test
    void rejectsInvalidThreshold() {
        assertThatThrownBy(() -> new JumpDetector(-1)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new JumpDetector(Double.NaN)).hasMessageContaining("threshold");
    }
}
