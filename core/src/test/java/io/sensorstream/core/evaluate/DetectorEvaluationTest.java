package io.sensorstream.core.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.JumpDetector;
import io.sensorstream.core.detect.RangeDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorEvaluationTest {

    @Test
    void scoresDetectedWindowsFalsePositivesAndDelay() {
        // values every minute; anomalies (value 100) at minutes 10, 50 and 80; labelled windows [8, 12] and [30, 40]
        int n = 100;
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = i * 60_000L;
            values[i] = (i == 10 || i == 50 || i == 80) ? 100 : 20;
        }
        LabelledSeries s = new LabelledSeries("t", times, values, List.of(new long[] {8 * 60_000L, 12 * 60_000L},
                new long[] {30 * 60_000L, 40 * 60_000L}));
        DetectorEvaluation evaluation = new DetectorEvaluation(new AlertLifecycle(1, 0));
        DetectorScore score = evaluation.score(new DetectorEvaluation.Candidate("range", List.of(() -> new RangeDetector(0, 50))), s);
        assertThat(score.windows()).isEqualTo(2);
        assertThat(score.detected()).isEqualTo(1);
        assertThat(score.falsePositives()).isEqualTo(2);
        assertThat(score.meanDelayMs()).isEqualTo(2 * 60_000.0);
        assertThat(score.precision()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(score.recall()).isEqualTo(0.5);
        assertThat(score.f1()).isCloseTo(0.4, within(1e-12));
        // the jump rule fires twice per spike (up and down) but the lifecycle makes each spike one alert
        DetectorScore jump = evaluation.score(new DetectorEvaluation.Candidate("jump", List.of(() -> new JumpDetector(5))), s);
        assertThat(jump.detected() + jump.falsePositives()).isEqualTo(3);
        assertThat(score.plus(jump).windows()).isEqualTo(4);
    }
}
