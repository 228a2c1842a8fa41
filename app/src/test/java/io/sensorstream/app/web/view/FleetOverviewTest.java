package io.sensorstream.app.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetOverviewTest {

    @Test
    void theBandFollowsTheSensorsOwnMeansAndADeviationIsMeasuredAgainstIt() {
        FleetOverview fleet = new FleetOverview();
        double[] means = {20.0, 20.2, 19.8, 20.1, 19.9, 20.0, 20.2, 19.8};
        for (int i = 0; i < means.length; i++) fleet.window("s", (i + 1) * 60_000L, means[i]);
        JsonNode normal = fleet.list(null, "name", 0, 10).get("items").get(0);
        assertThat(normal.get("lower").asDouble()).isLessThan(20.0);
        assertThat(normal.get("upper").asDouble()).isGreaterThan(20.0);
        assertThat(Math.abs(normal.get("z").asDouble())).isLessThan(3);
        fleet.window("s", 10 * 60_000L, 25.0);
        JsonNode out = fleet.list(null, "name", 0, 10).get("items").get(0);
        assertThat(out.get("z").asDouble()).as("a jump far outside the band").isGreaterThan(5);
        assertThat(out.get("avg").asDouble()).isEqualTo(25.0);
    }

    @Test
    void stateIsTheWorstOfFiringAlertsAndRecentJumps() {
        FleetOverview fleet = new FleetOverview();
        fleet.window("ok", 1_000, 20);
        fleet.jump("jumped", 1_000);
        fleet.firing("warn", "w1", "warning", 1_000);
        fleet.firing("crit", "c1", "critical", 1_000);
        fleet.firing("crit", "w2", "warning", 1_000);
        fleet.firing("fixed", "f1", "critical", 1_000);
        fleet.resolved("fixed", "f1");
        fleet.jump("old", 1_000);
        fleet.window("old", 1_000 + FleetOverview.RECENT_JUMP_MS + 1, 20);
        JsonNode items = fleet.list(null, "state", 0, 10).get("items");
        List<String> order = new ArrayList<>();
        items.forEach(i -> order.add(i.get("sensor_id").asText() + "=" + i.get("state").asInt()));
        assertThat(order).containsExactly("crit=3", "warn=2", "jumped=1", "fixed=0", "old=0", "ok=0");
    }

    @Test
    void listsAPageOfTheMatchingSensorsInNaturalOrder() {
        FleetOverview fleet = new FleetOverview();
        for (int i = 0; i < 1000; i++) fleet.window("sensor_" + i, 1_000, i);
        JsonNode page = fleet.list("sensor_2", "name", 2, 3);
        assertThat(page.get("total").asInt()).isEqualTo(1000);
        assertThat(page.get("matched").asInt()).isEqualTo(111);
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("sensor_id").asText()));
        assertThat(ids).containsExactly("sensor_21", "sensor_22", "sensor_23");
        JsonNode byMean = fleet.list(null, "avg", 0, 1).get("items");
        assertThat(byMean.get(0).get("sensor_id").asText()).isEqualTo("sensor_999");
    }

    @Test
    void columnsCarryEverySensorInNameOrder() {
        FleetOverview fleet = new FleetOverview();
        fleet.window("b10", 1_000, 1.234);
        fleet.window("b9", 1_000, Double.NaN);
        fleet.firing("a", "x", "critical", 1_000);
        JsonNode c = fleet.columns();
        assertThat(c.get("ids").toString()).isEqualTo("[\"a\",\"b9\",\"b10\"]");
        assertThat(c.get("state").toString()).isEqualTo("[3,0,0]");
        assertThat(c.get("avg").toString()).isEqualTo("[null,null,1.23]");
        assertThat(c.get("z").toString()).isEqualTo("[null,null,null]");
    }
}
