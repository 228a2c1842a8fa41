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

    /** Asserts the window results equal the expected ones exactly (one each, same set, same statistics). */
    public static void assertWindowsMatch(List<JsonNode> actual, Map<GroundTruth.WindowKey, GroundTruth.ExpectedWindow> expected) {
        Map<GroundTruth.WindowKey, JsonNode> byKey = new HashMap<>();
        for (JsonNode n : actual) {
            GroundTruth.WindowKey key = new GroundTruth.WindowKey(n.get("sensor_id").asText(), n.get("window_start_utc").asLong());
            assertThat(byKey.put(key, n)).as("duplicate window result %s", key).isNull();
        }
        assertThat(byKey.keySet()).as("window results").containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, w) -> {
            JsonNode n = byKey.get(key);
            assertThat(n.get("count_readings").asLong()).as("count %s", key).isEqualTo(w.count());
            assertThat(n.get("avg_temperature").asDouble()).as("avg %s", key).isCloseTo(w.mean(), within(1e-9));
            assertThat(n.get("min_temperature").asDouble()).as("min %s", key).isEqualTo(w.min());
            assertThat(n.get("max_temperature").asDouble()).as("max %s", key).isEqualTo(w.max());
            assertThat(n.get("stddev_temperature").asDouble()).as("stddev %s", key).isCloseTo(w.stddev(), within(1e-9));
            assertThat(n.get("window_end_utc").asLong() - n.get("window_start_utc").asLong()).isPositive();
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
