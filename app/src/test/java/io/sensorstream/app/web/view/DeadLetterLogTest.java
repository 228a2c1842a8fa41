package io.sensorstream.app.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterLogTest {

    private static ConsumerRecord<byte[], byte[]> record(String topic, long offset, long time, String reason, String value) {
        RecordHeaders h = new RecordHeaders();
        h.add("sensorstream.reason", reason.getBytes(StandardCharsets.UTF_8));
        h.add("sensorstream.source.topic", "raw".getBytes(StandardCharsets.UTF_8));
        h.add("sensorstream.source.offset", Long.toString(offset * 10).getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(topic, 1, offset, time, TimestampType.CREATE_TIME, 0, 0, "k".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), h, Optional.empty());
    }

    @Test
    void countsByReasonAndMinuteAndKeepsRecentSamplesWithTheirHeaders() {
        DeadLetterLog log = new DeadLetterLog(3, "dlq", "late");
        log.add(record("dlq", 0, 60_000, "malformed_json", "{bad"));
        log.add(record("dlq", 1, 61_000, "missing_field", "{}"));
        log.add(record("dlq", 2, 125_000, "malformed_json", "x"));
        log.add(record("dlq", 3, 126_000, "malformed_json", "y"));
        log.add(record("late", 0, 126_000, "late", "{\"sensor_id\":\"s\"}"));
        log.add(record("other", 0, 126_000, "late", "ignored"));
        assertThat(log.total("dlq")).isEqualTo(4);
        JsonNode json = log.toJson(null, 10);
        JsonNode dlq = json.get("topics").get(0);
        assertThat(dlq.get("by_reason").toString()).isEqualTo("{\"malformed_json\":3,\"missing_field\":1}");
        assertThat(dlq.get("per_minute").toString()).isEqualTo(
                "[{\"minute\":60000,\"counts\":{\"malformed_json\":1,\"missing_field\":1}},{\"minute\":120000,\"counts\":{\"malformed_json\":2}}]");
        assertThat(dlq.get("samples")).as("the newest 3").hasSize(3);
        JsonNode newest = dlq.get("samples").get(0);
        assertThat(newest.get("id").asText()).isEqualTo("dlq/1/3");
        assertThat(newest.get("value").asText()).isEqualTo("y");
        assertThat(newest.get("headers").get("sensorstream.source.offset").asText()).isEqualTo("30");
        assertThat(json.get("topics").get(1).get("total").asLong()).isEqualTo(1);
        assertThat(dlq.get("samples").toString()).as("the oldest left").doesNotContain("dlq/1/0");
        assertThat(log.toJson("missing_field", 10).get("topics").get(0).get("samples")).hasSize(1);
        assertThat(log.toJson("malformed_json", 1).get("topics").get(0).get("samples")).hasSize(1);
    }
}
