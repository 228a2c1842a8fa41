package io.sensorstream.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.config.ConfigLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** sensorstream's own Kafka client defaults, chosen by measurement (README "Performance"), and the user's word over them. */
class StreamsPropertiesTest {

    private static Properties properties(Map<String, String> overrides) {
        return new ProcessorRunner(new ConfigLoader(Map.of()).read(null, overrides), new SimpleMeterRegistry()).streamsProperties();
    }

    @Test
    void commitsSendTheirRecordsInLargeBatchesUnlessConfiguredOtherwise() {
        Properties p = properties(Map.of());
        assertThat(p.getProperty("producer.batch.size")).as("a commit sends every changed sensor at once").isEqualTo("262144");
        assertThat(p.getProperty("producer.compression.type")).isEqualTo("lz4");
        assertThat(properties(Map.of("kafka.producer.batch.size", "16384")).getProperty("producer.batch.size"))
                .as("kafka: passes through over the defaults").isEqualTo("16384");
    }

    @Test
    void commitsFollowTheCadenceWithKafkaStreamsOwnIntervalAsASafetyNet() {
        assertThat(cadence(Map.of())).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties(Map.of()).getProperty("commit.interval.ms")).as("the safety net").isEqualTo("5000");
        assertThat(cadence(Map.of("processing.commit-interval", "200ms"))).isEqualTo(Duration.ofMillis(200));
        // an interval at or above the safety net: Kafka Streams' own interval alone
        assertThat(cadence(Map.of("processing.commit-interval", "30s"))).isZero();
        assertThat(properties(Map.of("processing.commit-interval", "30s")).getProperty("commit.interval.ms")).isEqualTo("30000");
        // the user's word on Kafka Streams' interval: no cadence
        assertThat(cadence(Map.of("kafka.commit.interval.ms", "100"))).isZero();
        assertThat(properties(Map.of("kafka.commit.interval.ms", "100")).getProperty("commit.interval.ms")).isEqualTo("100");
    }

    /** A poll waits no longer than the cadence's check, so punctuators (flush ahead, commit requests) run on time. */
    @Test
    void pollsWaitNoLongerThanTheCadenceChecksUnlessConfiguredOtherwise() {
        assertThat(properties(Map.of()).getProperty("poll.ms")).isEqualTo("10");
        assertThat(properties(Map.of("processing.commit-interval", "100ms")).getProperty("poll.ms")).isEqualTo("5");
        assertThat(properties(Map.of("kafka.poll.ms", "50")).getProperty("poll.ms")).isEqualTo("50");
        assertThat(properties(Map.of("processing.commit-interval", "30s")).getProperty("poll.ms"))
                .as("no cadence: Kafka Streams' default").isNull();
    }

    @Test
    void theTasksFlushAheadOfEachCommitBy50msUnlessConfiguredOtherwise() {
        assertThat(new ProcessorRunner(new ConfigLoader(Map.of()).read(null, new HashMap<>()), new SimpleMeterRegistry())
                .settings().flushAhead()).isEqualTo(Duration.ofMillis(50));
        assertThat(new ProcessorRunner(new ConfigLoader(Map.of()).read(null, new HashMap<>(Map.of("processing.flush-ahead", "0s"))),
                new SimpleMeterRegistry()).settings().flushAhead()).isZero();
    }

    private static Duration cadence(Map<String, String> overrides) {
        return ProcessorRunner.commitCadence(new ConfigLoader(Map.of()).read(null, new HashMap<>(overrides)));
    }

    @Test
    void tasksDoNotIdleForOtherPartitionsBecauseEachReadsOneUnlessConfiguredOtherwise() {
        assertThat(properties(Map.of()).getProperty("max.task.idle.ms")).isEqualTo("-1");
        assertThat(properties(Map.of("kafka.max.task.idle.ms", "0")).getProperty("max.task.idle.ms")).isEqualTo("0");
    }
}
