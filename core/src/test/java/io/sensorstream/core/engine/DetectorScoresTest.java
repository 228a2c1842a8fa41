package io.sensorstream.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.Assessment;
import io.sensorstream.core.detect.AnomalyLikelihoodDetector;
import io.sensorstream.core.detect.ContextDetector;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.Detector;
import io.sensorstream.core.detect.DetectorScore;
import io.sensorstream.core.detect.DetectorSet;
import io.sensorstream.core.detect.EwmaZScoreDetector;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.state.AnalyticsState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Scores per reading: when the output asks for them, every detector's judgement of every reading is published in
 * event-time order, with the same score and grade the detector gives on its own (what {@code evaluate} scores), even
 * though the readings arrive out of order; when it does not ask, nothing is made.
 */
class DetectorScoresTest {

    private static final long T0 = 1_700_000_000_000L;

    private static final class ScoreOutput extends RecordingOutput {
        final boolean wanted;
        final List<DetectorScore> scores = new ArrayList<>();

        ScoreOutput(boolean wanted) {
            this.wanted = wanted;
        }

        @Override
        public boolean wantsScores() {
            return wanted;
        }

        @Override
        public void score(DetectorScore s) {
            scores.add(s);
        }
    }

    private static Detector<?>[] detectors() {
        return new Detector<?>[] {new EwmaZScoreDetector(0.1, 3, 10, 1e-6),
                new ContextDetector(new ContextDetector.Settings(4, 0.75, 0.75, 20, 7, 15, Double.NaN, Double.NaN, 60, 1.0, 50_000)),
                new AnomalyLikelihoodDetector(0.05, 5, 200, 0.15, 40, 1e-6, 10)}; // its grade reads its state (rest period)
    }

    private static double[] series(int n) {
        SplittableRandom r = new SplittableRandom(4);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Math.round((20 + 3 * Math.sin(i / 10.0) + r.nextGaussian() * 0.2 + (i >= 300 && i < 306 ? 9 : 0)) * 100) / 100.0;
        return v;
    }

    private static ScoreOutput run(boolean wanted, double[] values) {
        DetectionPlan plan = new DetectionPlan(List.of(new DetectorSet("*", List.of(detectors()))), 0, new AlertLifecycle(1, 0), "scores");
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withTiming(5_000, 0, 0).withDetection(plan);
        ScoreOutput out = new ScoreOutput(wanted);
        PartitionAnalytics e = new PartitionAnalytics(spec, AnalyticsState.inMemory(), out);
        SplittableRandom shuffle = new SplittableRandom(8);
        for (int i = 0; i < values.length; i += 4) { // arrival order: blocks of four readings, reversed (within the 5 s delay)
            for (int j = Math.min(values.length - 1, i + 3); j >= i; j--) e.onReading(Reading.of("s", T0 + j * 1_000L, values[j]));
            if (shuffle.nextInt(50) == 0) e.onReading(Reading.of("other", T0 + i * 1_000L, 20));
        }
        e.advanceTo(T0 + values.length * 1_000L + 10_000);
        return out;
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyReadingIsScoredAsTheDetectorScoresItAlone() {
        double[] values = series(400);
        List<DetectorScore> scores = run(true, values).scores.stream().filter(s -> s.sensorId().equals("s")).toList();
        assertThat(scores).hasSize(3 * values.length);
        Detector[] alone = detectors();
        Object[] states = {alone[0].newState(), alone[1].newState(), alone[2].newState()};
        int anomalous = 0;
        for (int i = 0; i < values.length; i++) {
            for (int d = 0; d < alone.length; d++) {
                DetectorScore s = scores.get(3 * i + d);
                Assessment a = alone[d].assess(states[d], values[i], T0 + i * 1_000L);
                assertThat(s.eventTimeMs()).isEqualTo(T0 + i * 1_000L);
                assertThat(s.detector()).isEqualTo(alone[d].name());
                assertThat(s.metric()).isEqualTo("temperature");
                assertThat(s.value()).isEqualTo(values[i]);
                assertThat(Double.doubleToLongBits(s.score())).as("score of %s at %d", s.detector(), i)
                        .isEqualTo(Double.doubleToLongBits(a.score()));
                assertThat(Double.doubleToLongBits(s.grade())).as("grade of %s at %d", s.detector(), i)
                        .isEqualTo(Double.doubleToLongBits(alone[d].grade(states[d], a)));
                assertThat(s.anomalous()).isEqualTo(a.anomalous());
                assertThat(s.warmingUp()).isEqualTo(a.warmingUp());
                if (s.anomalous()) anomalous++;
            }
        }
        assertThat(scores.stream().filter(s -> s.detector().equals("ewma")).allMatch(s -> Double.isNaN(s.grade())))
                .as("ewma scores in its own unit only").isTrue();
        assertThat(scores.stream().filter(s -> s.detector().equals("cad") && !s.warmingUp()).mapToDouble(DetectorScore::grade))
                .allMatch(g -> g >= 0 && g <= 1).anyMatch(g -> g > 0);
        assertThat(anomalous).as("the shift at readings 300 to 305 is judged anomalous").isPositive();
        assertThat(scores.stream().filter(s -> s.detector().equals("likelihood") && s.anomalous() && s.grade() == 0))
                .as("likelihood readings inside a rest period: anomalous, graded 0, as alone").isNotEmpty();
    }

    @Test
    void withoutAScoresTopicNothingIsMadeAndTheOtherOutputsAreTheSame() {
        double[] values = series(400);
        ScoreOutput with = run(true, values);
        ScoreOutput without = run(false, values);
        assertThat(without.scores).isEmpty();
        assertThat(with.scores).isNotEmpty();
        assertThat(without.events).isEqualTo(with.events).isNotEmpty();
        assertThat(without.windows).isEqualTo(with.windows);
    }
}
