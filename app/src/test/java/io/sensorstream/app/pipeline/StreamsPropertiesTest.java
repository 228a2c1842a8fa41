package io.sensorstream.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.config.ConfigLoader;
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
        assertThat(p.getProperty("commit.interval.ms")).isEqualTo("1000");
        assertThat(properties(Map.of("kafka.producer.batch.size", "16384")).getProperty("producer.batch.size"))
                .as("kafka: passes through over the defaults").isEqualTo("16384");
    }

    @Test
    void tasksDoNotIdleForOtherPartitionsBecauseEachReadsOneUnlessConfiguredOtherwise() {
        assertThat(properties(Map.of()).getProperty("max.task.idle.ms")).isEqualTo("-1");
        assertThat(properties(Map.of("kafka.max.task.idle.ms", "0")).getProperty("max.task.idle.ms")).isEqualTo("0");
    }
}
