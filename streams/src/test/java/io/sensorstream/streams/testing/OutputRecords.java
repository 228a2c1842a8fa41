package io.sensorstream.streams.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the pipeline's JSON outputs back and compares them with {@link GroundTruth}. */
public final class OutputRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputRecords() {
    }

    public static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts the window results equal the expected ones: the same windows, revisions 0..n-1 each exactly once and in
     * order, and the last revision's statistics equal to the ground truth.
     */
    public static void assertWindowsMatch(List<JsonNode> actual, Map<GroundTruth.WindowKey, GroundTruth.ExpectedWindow> expected) {
        Map<GroundTruth.WindowKey, List<JsonNode>> byKey = new HashMap<>();
        for (JsonNode n : actual) {
            assertThat(n.get("emit").asText()).as("no early results expected").isIn("final", "update");
            GroundTruth.WindowKey key = new GroundTruth.WindowKey(n.get("sensor_id").asText(), n.get("window_start_utc").asLong());
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
        }
        assertThat(byKey.keySet()).as("windows with results").containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, w) -> {
            List<JsonNode> results = byKey.get(key);
            assertThat(results).as("results of %s", key).hasSize(w.results());
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get("revision").asInt()).as("revision order of %s", key).isEqualTo(i);
                assertThat(results.get(i).get("emit").asText()).isEqualTo(i == 0 ? "final" : "update");
            }
            JsonNode n = results.get(results.size() - 1);
            assertThat(n.get("count_readings").asLong()).as("count %s", key).isEqualTo(w.count());
            assertThat(n.get("avg_temperature").asDouble()).as("avg %s", key).isCloseTo(w.mean(), within(1e-9));
            assertThat(n.get("min_temperature").asDouble()).as("min %s", key).isEqualTo(w.min());
            assertThat(n.get("max_temperature").asDouble()).as("max %s", key).isEqualTo(w.max());
            assertThat(n.get("stddev_temperature").asDouble()).as("stddev %s", key).isCloseTo(w.stddev(), within(1e-9));
            assertThat(n.get("first_temperature").asDouble()).as("first %s", key).isEqualTo(w.first());
            assertThat(n.get("last_temperature").asDouble()).as("last %s", key).isEqualTo(w.last());
            double p50 = n.get("p50_temperature").asDouble();
            assertThat(p50).as("p50 within [min, max] %s", key).isBetween(w.min(), w.max());
        });
    }

    /** Asserts the alerts equal the expected ones, in order per sensor, with no extra and none missing. */
    public static void assertAlertsMatch(List<JsonNode> actual, List<GroundTruth.ExpectedAlert> expected) {
        Map<String, List<GroundTruth.ExpectedAlert>> actualBySensor = new HashMap<>();
        for (JsonNode n : actual) {
            actualBySensor.computeIfAbsent(n.get("sensor_id").asText(), k -> new ArrayList<>()).add(
                    new GroundTruth.ExpectedAlert(n.get("sensor_id").asText(), n.get("timestamp").asLong(),
                            n.get("current_temperature").asDouble(), n.get("previous_temperature").asDouble()));
            assertThat(n.get("delta").asDouble()).isCloseTo(
                    Math.abs(n.get("current_temperature").asDouble() - n.get("previous_temperature").asDouble()), within(1e-9));
        }
        Map<String, List<GroundTruth.ExpectedAlert>> expectedBySensor = new HashMap<>();
        for (GroundTruth.ExpectedAlert a : expected) {
            expectedBySensor.computeIfAbsent(a.sensorId(), k -> new ArrayList<>()).add(a);
        }
        assertThat(actualBySensor).as("alerts per sensor").isEqualTo(expectedBySensor);
    }
}
