package io.sensorstream.app.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SensorHistoryTest {

    private static SensorHistory.WindowPoint point(long start, int revision, double avg) {
        return new SensorHistory.WindowPoint(start, start + 1_000, revision == 0 ? "final" : "update", revision, 3, avg, avg - 1,
                avg + 1, 0.5, Double.NaN);
    }

    @Test
    void servesTheRangeAskedForAndSaysHowFarBackItHolds() {
        SensorHistory h = new SensorHistory(10, 5, 4, 1_000, 1_000);
        for (long t = 1; t <= 8; t++) h.reading("s", t * 1_000, t);
        JsonNode all = h.series("s", "w", Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(all.get("raw").toString()).as("the newest 5").isEqualTo("[[4000,4.0],[5000,5.0],[6000,6.0],[7000,7.0],[8000,8.0]]");
        assertThat(all.get("holds").get("raw_from").asLong()).isEqualTo(4_000);
        assertThat(h.series("s", "w", 5_000, 6_000).get("raw").size()).isEqualTo(2);
        assertThat(all.get("holds").get("windows_from").isNull()).isTrue();
        assertThat(h.series("unknown", "w", 0, 1).get("holds").get("raw_from").isNull()).isTrue();
    }

    @Test
    void keepsEachWindowDefinitionApartAndAnUpdateReplacesItsWindow() {
        SensorHistory h = new SensorHistory(10, 5, 4, 1_000, 1_000);
        h.window("s", "tumbling", point(0, 0, 10));
        h.window("s", "hopping", point(0, 0, 99));
        h.window("s", "tumbling", point(1_000, 0, 11));
        h.window("s", "tumbling", point(0, 1, 12)); // a late reading updated window 0
        JsonNode t = h.series("s", "tumbling", Long.MIN_VALUE, Long.MAX_VALUE).get("windows");
        assertThat(t).hasSize(2);
        assertThat(t.get(1).get("avg").asDouble()).isEqualTo(12);
        assertThat(t.get(1).get("revision").asInt()).isEqualTo(1);
        assertThat(t.get(0).get("p95").isNull()).as("no p95 configured: null, not NaN").isTrue();
        assertThat(h.series("s", "hopping", Long.MIN_VALUE, Long.MAX_VALUE).get("windows").get(0).get("avg").asDouble()).isEqualTo(99);
        for (int i = 2; i < 10; i++) h.window("s", "tumbling", point(i * 1_000L, 0, i));
        assertThat(h.series("s", "tumbling", Long.MIN_VALUE, Long.MAX_VALUE).get("windows")).as("at most 4 per definition").hasSize(4);
    }

    @Test
    void manySensorsShareTheBudget() {
        SensorHistory h = new SensorHistory(100_000, 600, 120, 30_000, 5_000);
        for (int s = 0; s < 1_000; s++) {
            for (int i = 0; i < 100; i++) h.reading("s" + s, i, i);
        }
        assertThat(h.rawLimit()).as("30 000 readings over 1 000 sensors").isEqualTo(30);
        assertThat(h.series("s999", "w", Long.MIN_VALUE, Long.MAX_VALUE).get("raw")).hasSize(30);
        assertThat(h.series("s999", "w", 0, 1).get("holds").get("raw_per_sensor").asInt()).isEqualTo(30);
        assertThat(h.windowLimit()).isEqualTo(SensorHistory.MIN_POINTS);
    }
}
