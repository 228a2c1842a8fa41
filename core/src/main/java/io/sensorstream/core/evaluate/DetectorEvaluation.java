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

    public DetectorScore score(Candidate candidate, LabelledSeries series) {
        List<Long> firings = firings(candidate, series);
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
        return new DetectorScore(candidate.name(), series.windows().size(), detected, falsePositives, delay);
    }

    /**
     * The series as NAB scores a detector: anomaly score 1 at each reading where the candidate's alert starts firing, 0
     * elsewhere (an alert is one detection, however long it fires), with the labelled windows snapped to readings
     * (first reading at or after the start, last at or before the end; NAB's own labels are readings already).
     */
    public NabScorer.DataFile nabFile(Candidate candidate, LabelledSeries series) {
        long[] times = series.times();
        double[] scores = new double[times.length];
        int k = 0;
        for (long t : firings(candidate, series)) {
            while (k < times.length && times[k] < t) k++;
            if (k < times.length) scores[k] = 1.0;
        }
        List<long[]> windows = new ArrayList<>();
        for (long[] w : series.windows()) {
            int first = java.util.Arrays.binarySearch(times, w[0]);
            first = first >= 0 ? first : -first - 1;
            int last = java.util.Arrays.binarySearch(times, w[1]);
            last = last >= 0 ? last : -last - 2;
            if (first <= last && first < times.length && last >= 0) windows.add(new long[] {times[first], times[last]});
        }
        return new NabScorer.DataFile(series.name(), times, scores, windows);
    }

    /** Event times at which the candidate's alert started firing (members merged: a firing while none was active). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<Long> firings(Candidate candidate, LabelledSeries series) {
        int n = candidate.members().size();
        Detector[] detectors = new Detector[n];
        Object[] states = new Object[n];
        AlertLifecycle.State[] alerts = new AlertLifecycle.State[n];
        for (int i = 0; i < n; i++) {
            detectors[i] = candidate.members().get(i).get();
            states[i] = detectors[i].newState();
            alerts[i] = new AlertLifecycle.State();
        }
        List<Long> out = new ArrayList<>();
        int firing = 0;
        for (int k = 0; k < series.values().length; k++) {
            long t = series.times()[k];
            double v = series.values()[k];
            for (int i = 0; i < n; i++) {
                Assessment a = detectors[i].assess(states[i], v, t);
                AlertEvent e = lifecycle.update(alerts[i], series.name(), "value", detectors[i].name(), v, t, a);
                if (e == null) continue;
                if (e.state() == AlertState.FIRING) {
                    if (firing == 0) out.add(t);
                    firing++;
                } else {
                    firing--;
                }
            }
        }
        return out;
    }
}
