package io.sensorstream.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WatermarkTest {

    @Test
    void followsTheJavadocExample() {
        Watermark w = new Watermark(5_000);
        long t1000 = 36_000_000; // 10:00:00 as ms of day
        assertThat(w.current()).isEqualTo(Long.MIN_VALUE);
        w.observe(t1000 + 64_000);
        w.observe(t1000 + 58_000);
        assertThat(w.current()).isEqualTo(t1000 + 59_000);
        assertThat(w.current() >= t1000 + 60_000).as("[10:00, 10:01) complete").isFalse();
        assertThat(w.observe(t1000 + 65_000)).isTrue();
        assertThat(w.current() >= t1000 + 60_000).as("[10:00, 10:01) complete").isTrue();
    }

    @Test
    void neverMovesBackwards() {
        Watermark w = new Watermark(0);
        assertThat(w.observe(100)).isTrue();
        assertThat(w.observe(50)).isFalse();
        assertThat(w.observe(100)).isFalse();
        assertThat(w.current()).isEqualTo(100);
    }

    @Test
    void restoresSavedProgress() {
        Watermark w = new Watermark(10);
        w.restore(1_000);
        assertThat(w.current()).isEqualTo(990);
        assertThat(w.maxEventTimeMs()).isEqualTo(1_000);
    }
}
