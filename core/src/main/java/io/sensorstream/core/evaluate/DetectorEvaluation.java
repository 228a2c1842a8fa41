package io.sensorstream.core.evaluate;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.Assessment;
import io.sensorstream.core.detect.Detector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Streams labelled series, one sensor each, through the real detectors and alert lifecycle, and scores the FIRING
 * events against the labelled windows (see {@link DetectorScore}). One configuration for every series: no per-file
 * tuning. An {@code ensemble} fires when any of its members' lifecycles fires.
 */
public final class DetectorEvaluation {

    /** A named detector configuration; several detectors form an ensemble. */
    public record Candidate(String name, List<Supplier<Detector<?>>> members) {
    }

    private final AlertLifecycle lifecycle;

    public DetectorEvaluation(AlertLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * One pass of a candidate over a series: when its alerts started firing, and its graded score per reading (the
     * largest of its members' {@link Detector#grade grades}), or null when a member has no graded score.
     */
    public record Outcome(List<Long> firings, double[] grades) {
    }

    public DetectorScore score(Candidate candidate, LabelledSeries series) {
        return score(candidate.name(), series, run(candidate, series));
    }

    public DetectorScore score(String name, LabelledSeries series, Outcome outcome) {
        List<Long> firings = outcome.firings();
        int detected = 0;
        long delay = 0;
        for (long[] w : series.windows()) {
            for (long t : firings) {
                if (t >= w[0] && t <= w[1]) {
                    detected++;
                    delay += t - w[0];
                    break;
                }
            }
        }
        int falsePositives = 0;
        for (long t : firings) {
            boolean inside = false;
            for (long[] w : series.windows()) {
                inside |= t >= w[0] && t <= w[1];
            }
            if (!inside) falsePositives++;
        }
        return new DetectorScore(name, series.windows().size(), detected, falsePositives, delay);
    }

    /**
     * The series as NAB scores a detector: anomaly score 1 at each reading where the candidate's alert starts firing, 0
     * elsewhere (an alert is one detection, however long it fires), with the labelled windows snapped to readings
     * (first reading at or after the start, last at or before the end; NAB's own labels are readings already).
     */
    public NabScorer.DataFile nabFile(Candidate candidate, LabelledSeries series) {
        return nabFile(series, run(candidate, series));
    }

    public NabScorer.DataFile nabFile(LabelledSeries series, Outcome outcome) {
        long[] times = series.times();
        double[] scores = new double[times.length];
        int k = 0;
        for (long t : outcome.firings()) {
            while (k < times.length && times[k] < t) k++;
            if (k < times.length) scores[k] = 1.0;
        }
        return new NabScorer.DataFile(series.name(), times, scores, snappedWindows(series));
    }

    /** The series with the candidate's graded score at every reading, as NAB scores a detector's raw output; null without grades. */
    public NabScorer.DataFile gradedFile(LabelledSeries series, Outcome outcome) {
        if (outcome.grades() == null) return null;
        return new NabScorer.DataFile(series.name(), series.times(), outcome.grades(), snappedWindows(series));
    }

    private static List<long[]> snappedWindows(LabelledSeries series) {
        long[] times = series.times();
        List<long[]> windows = new ArrayList<>();
        for (long[] w : series.windows()) {
            int first = java.util.Arrays.binarySearch(times, w[0]);
            first = first >= 0 ? first : -first - 1;
            int last = java.util.Arrays.binarySearch(times, w[1]);
            last = last >= 0 ? last : -last - 2;
            if (first <= last && first < times.length && last >= 0) windows.add(new long[] {times[first], times[last]});
        }
        return windows;
    }

    /** Runs the candidate over the series: firings (members merged: a firing while none was active) and grades. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Outcome run(Candidate candidate, LabelledSeries series) {
        int n = candidate.members().size();
        Detector[] detectors = new Detector[n];
        Object[] states = new Object[n];
        AlertLifecycle.State[] alerts = new AlertLifecycle.State[n];
        for (int i = 0; i < n; i++) {
            detectors[i] = candidate.members().get(i).get();
            states[i] = detectors[i].newState();
            alerts[i] = new AlertLifecycle.State();
        }
        double[] grades = new double[series.values().length];
        boolean graded = true;
        List<Long> out = new ArrayList<>();
        int firing = 0;
        for (int k = 0; k < series.values().length; k++) {
            long t = series.times()[k];
            double v = series.values()[k];
            double grade = 0;
            for (int i = 0; i < n; i++) {
                Assessment a = detectors[i].assess(states[i], v, t);
                double g = detectors[i].grade(states[i], a);
                if (Double.isNaN(g)) graded = false;
                else grade = Math.max(grade, g);
                AlertEvent e = lifecycle.update(alerts[i], series.name(), "value", detectors[i].name(), v, t, a);
                if (e == null) continue;
                if (e.state() == AlertState.FIRING) {
                    if (firing == 0) out.add(t);
                    firing++;
                } else {
                    firing--;
                }
            }
            grades[k] = grade;
        }
        return new Outcome(out, graded ? grades : null);
    }
}
