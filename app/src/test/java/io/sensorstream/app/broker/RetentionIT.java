package io.sensorstream.app.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.app.pipeline.TopicProvisioner;
import io.sensorstream.app.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results carry event-time timestamps, often far in the past (replays, simulations). The embedded broker must keep
 * them through its retention checks; a topic created with {@code topics.configs} gets those configs, here a short
 * {@code retention.ms} that shows the retention check really ran.
 */
class RetentionIT {

    private static final long YEARS_AGO = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void oldEventTimeRecordsSurviveRetentionChecksAndTopicConfigsApply() throws Exception {
        Map<String, String> fastRetentionChecks = Map.of("log.initial.task.delay.ms", "200", "log.retention.check.interval.ms", "200");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 1, fastRetentionChecks)
                .start(Duration.ofSeconds(60))) {
            Properties client = new Properties();
            client.put("bootstrap.servers", broker.bootstrapServers());
            TopicProvisioner.ensure(client, List.of("kept"), 1, (short) -1, Map.of());
            TopicProvisioner.ensure(client, List.of("short-lived"), 1, (short) -1, Map.of("retention.ms", "1000"));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (String topic : List.of("kept", "short-lived")) {
                    for (int i = 0; i < 10; i++) {
                        producer.send(new ProducerRecord<>(topic, null, YEARS_AGO + i, null, new byte[] {(byte) i})).get();
                    }
                }
            }
            try (Admin admin = Admin.create(client)) {
                long deadline = System.currentTimeMillis() + 30_000;
                while (earliest(admin, "short-lived") < 10 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(earliest(admin, "short-lived")).as("retention.ms from topics.configs deleted the old records").isEqualTo(10);
                Thread.sleep(1_000); // a few more retention checks
                assertThat(earliest(admin, "kept")).as("the broker's own retention keeps old event-time records").isZero();
            }
        }
    }

    private static long earliest(Admin admin, String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset();
    }
}
