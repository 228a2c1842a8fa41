package io.sensorstream.core.engine;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.AnomalyLikelihoodDetector;
import io.sensorstream.core.detect.ContextDetector;
import io.sensorstream.core.detect.DetectorSet;
import io.sensorstream.core.detect.EwmaZScoreDetector;
import io.sensorstream.core.detect.FlatlineDetector;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.detect.RateOfChangeDetector;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import io.sensorstream.core.state.AnalyticsState;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.window.WindowDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Property: for any stream whose disorder stays within the watermark delay, the final window results (all kinds)
 * and the alerts (seed jump alerts and the detector suite's lifecycle events, silent sensors included) are the same as
 * for the same readings sorted by event time. Checked on many random streams.
 */
class DisorderInvarianceTest {

    /** The detector suite with silent-sensor alerts: its events must not depend on disorder either. */
    private static final DetectionPlan SUITE = new DetectionPlan(
            List.of(new DetectorSet("*", List.of(
                    new EwmaZScoreDetector(0.2, 2.0, 5, 1e-6),
                    new FlatlineDetector(0.5, 3),
                    new RateOfChangeDetector(2.0),
                    new AnomalyLikelihoodDetector(0.2, 3, 50, 0.3, 20, 1e-6, 10, 1, 0.1),
                    new ContextDetector(new ContextDetector.Settings(4, 0.6, 0.75, 5, 7, 15, Double.NaN, Double.NaN, 20, 1.0, 50_000))))),
            8_000, new AlertLifecycle(2, 5_000), "disorder-test");

    @Test
    void disorderWithinTheBoundNeverChangesResults() {
        SplittableRandom random = new SplittableRandom(77);
        long suiteEvents = 0;
        long silentEvents = 0;
        long learntEvents = 0;
        for (int trial = 0; trial < 60; trial++) {
            long delay = 1_000 + random.nextLong(10_000);
            List<WindowDefinition> windows = List.of(WindowDefinition.tumbling(Duration.ofSeconds(10 + random.nextInt(50))),
                    WindowDefinition.hopping(Duration.ofSeconds(60), Duration.ofSeconds(20)),
                    WindowDefinition.session(Duration.ofSeconds(3 + random.nextInt(10))));
            AnalyticsSpec spec = AnalyticsSpec.seedDefaults().withWindows(windows).withTiming(delay, 0, 0).withDetection(SUITE);
            List<Reading> sorted = new ArrayList<>();
            long t = 1_700_000_000_000L;
            for (int i = 0; i < 400; i++) {
                t += random.nextLong(1, 3_000); // distinct event times: ties are ordered by arrival, by design
                sorted.add(Reading.of("s" + random.nextInt(3), t, Math.round(random.nextDouble(10, 30) * 100) / 100.0));
            }
            // arrival order: each reading delayed by at most `delay` of event time
            List<Reading> arrival = new ArrayList<>(sorted);
            Map<Reading, Long> arrivalKey = arrival.stream().distinct().collect(Collectors.toMap(Function.identity(),
                    r -> r.eventTimeMs() + random.nextLong(delay + 1), (a, b) -> a));
            arrival.sort(Comparator.comparingLong(arrivalKey::get));
            Map<String, String> expected = run(spec, sorted);
            Map<String, String> actual = run(spec, arrival);
            Set<String> keys = new TreeSet<>(expected.keySet());
            keys.addAll(actual.keySet());
            List<String> diffs = keys.stream().filter(k -> !Objects.equals(expected.get(k), actual.get(k)))
                    .limit(3).map(k -> k + ": sorted=" + expected.get(k) + " disordered=" + actual.get(k)).toList();
            assertThat(diffs).as("trial %d (delay %d ms)", trial, delay).isEmpty();
            for (Map.Entry<String, String> e : expected.entrySet()) {
                if (e.getKey().startsWith("events/")) {
                    suiteEvents += e.getValue().split(";").length;
                    silentEvents += e.getValue().split("/silent/", -1).length - 1;
                    learntEvents += e.getValue().split("/cad/", -1).length - 1 + e.getValue().split("/likelihood/", -1).length - 1;
                }
            }
        }
        assertThat(suiteEvents).as("the suite's events took part in the comparison").isGreaterThan(100);
        assertThat(silentEvents).as("silent-sensor events took part").isGreaterThan(10);
        assertThat(learntEvents).as("the learning detectors' (cad, likelihood) events took part").isGreaterThan(10);
    }

    private static Map<String, String> run(AnalyticsSpec spec, List<Reading> readings) {
        // readings with equal (sensor, time) keep their relative order in both lists; key results by identity
        Map<String, String> results = new TreeMap<>();
        PartitionAnalytics a = new PartitionAnalytics(spec, AnalyticsState.inMemory(), new AnalyticsOutput() {
            @Override
            public void window(WindowResult r) {
                var m = r.summary().metric(0);
                results.put(r.definition().name() + "/" + r.sensorId() + "/" + r.startMs() + "/" + r.endMs(),
                        r.kind() + " n=" + m.count() + " min=" + m.min() + " max=" + m.max()
                                + " mean=" + Math.round(m.mean() * 1e9) / 1e9 + " first=" + m.first() + " last=" + m.last());
            }

            @Override
            public void alert(JumpAlert alert) {
                results.merge("alerts/" + alert.sensorId(), alert.eventTimeMs() + ":" + alert.previousValue() + ">"
                        + alert.currentValue() + ";", String::concat);
            }

            @Override
            public void alertEvent(AlertEvent e) {
                results.merge("events/" + e.sensorId(), e.alertId() + " " + e.state() + " at " + e.eventTimeMs() + ";", String::concat);
            }

            @Override
            public void late(Reading reading, LateReading why) {
                results.put("late/" + reading, why.toString());
            }
        });
        for (Reading r : readings) a.onReading(r);
        assertThat(results.keySet()).noneMatch(k -> k.startsWith("late/"));
        return results;
    }
}
