package io.sensorstream.app.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AlertLog.Filter ANY = new AlertLog.Filter(null, null, null, null);

    private static JsonNode node(String sensor, long firingSince) {
        ObjectNode o = JSON.createObjectNode().put("sensor_id", sensor);
        if (firingSince > 0) o.put("firing_since", firingSince);
        return o;
    }

    @Test
    void pagesNewestFirstWithACursorUntilTheOldest() {
        AlertLog log = new AlertLog(100);
        for (int i = 1; i <= 7; i++) log.add("s" + i, "jump", null, AlertLog.EVENT, null, i * 1000L, node("s" + i, 0));
        List<String> seen = new ArrayList<>();
        long before = 0;
        do {
            AlertLog.Page page = log.page(ANY, before, 3);
            page.items().forEach(e -> seen.add(e.sensor()));
            before = page.nextBefore();
        } while (before > 0);
        assertThat(seen).containsExactly("s7", "s6", "s5", "s4", "s3", "s2", "s1");
    }

    @Test
    void filtersBySensorDetectorSeverityAndState() {
        AlertLog log = new AlertLog(100);
        log.add("a", "jump", null, AlertLog.EVENT, null, 1, node("a", 0));
        log.add("a", "range", "critical", "FIRING", "r1", 2, node("a", 2));
        log.add("b", "ewma", "warning", "FIRING", "e1", 3, node("b", 3));
        log.add("a", "range", "critical", "RESOLVED", "r1", 9, node("a", 2));
        assertThat(log.page(new AlertLog.Filter("a", null, null, null), 0, 10).items()).hasSize(3);
        assertThat(log.page(new AlertLog.Filter(null, "range", null, null), 0, 10).items()).extracting(AlertLog.Entry::state)
                .containsExactly("RESOLVED", "FIRING");
        assertThat(log.page(new AlertLog.Filter(null, null, "warning", null), 0, 10).items()).extracting(AlertLog.Entry::sensor)
                .containsExactly("b");
        assertThat(log.page(new AlertLog.Filter("a", null, null, AlertLog.EVENT), 0, 10).items()).extracting(AlertLog.Entry::detector)
                .containsExactly("jump");
        assertThat(log.page(new AlertLog.Filter("", "", "", ""), 0, 10).items()).hasSize(4);
    }

    @Test
    void aFiringEntryLearnsWhenItResolvedAndHowLongItFired() {
        AlertLog log = new AlertLog(100);
        log.add("a", "range", "critical", "FIRING", "r1", 2_000, node("a", 2_000));
        log.add("b", "ewma", "warning", "FIRING", "e1", 3_000, node("b", 3_000));
        log.add("a", "range", "critical", "RESOLVED", "r1", 9_000, node("a", 2_000));
        JsonNode items = log.toJson(log.page(ANY, 0, 10), 10_000).get("items");
        assertThat(items.get(0).get("state")).isNull(); // the node as given: no state field added
        assertThat(items.get(0).get("duration_ms").asLong()).as("RESOLVED: fired 7 s").isEqualTo(7_000);
        assertThat(items.get(1).get("duration_ms").asLong()).as("still firing at 'now' 10 s").isEqualTo(7_000);
        assertThat(items.get(1).has("resolved_at")).isFalse();
        assertThat(items.get(2).get("resolved_at").asLong()).isEqualTo(9_000);
        assertThat(items.get(2).get("duration_ms").asLong()).isEqualTo(7_000);
        assertThat(items.get(2).get("kind").asText()).isEqualTo("lifecycle");
        assertThat(log.toJson(log.page(ANY, 0, 10), 0).get("detectors").toString()).isEqualTo("[\"ewma\",\"range\"]");
    }

    @Test
    void keepsOnlyTheNewestCapacityEntries() {
        AlertLog log = new AlertLog(5);
        for (int i = 0; i < 12; i++) log.add("s" + i, "jump", null, AlertLog.EVENT, null, i, node("s" + i, 0));
        assertThat(log.size()).isEqualTo(5);
        assertThat(log.page(ANY, 0, 100).items()).extracting(AlertLog.Entry::sensor).containsExactly("s11", "s10", "s9", "s8", "s7");
        assertThat(log.toJson(log.page(ANY, 0, 1), 0).get("items").get(0).get("kind").asText()).isEqualTo("event");
    }
}
