package io.sensorstream.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.streams.PipelineSettings;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/**
 * The re-keying step (repartition mode) is its own sub-topology: a thread may own only its tasks, so it follows the
 * {@link CommitCadence} too instead of waiting for Kafka Streams' safety-net interval.
 */
class SensorIdRekeyerCommitTest {

    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();

    @Test
    void requestsACommitAtEachBoundaryOfTheCadence() {
        new SensorIdRekeyer(PipelineSettings.seedDefaults().analytics().format(), new CommitCadence(Duration.ofSeconds(1)))
                .init(context);
        assertThat(context.scheduledPunctuators()).hasSize(1);
        var check = context.scheduledPunctuators().get(0);
        assertThat(check.getInterval()).isEqualTo(Duration.ofMillis(10));
        check.getPunctuator().punctuate(5_300);
        check.getPunctuator().punctuate(5_950);
        assertThat(context.committed()).isFalse();
        check.getPunctuator().punctuate(6_020);
        assertThat(context.committed()).isTrue();
    }

    @Test
    void withoutACadenceItSchedulesNothing() {
        new SensorIdRekeyer(PipelineSettings.seedDefaults().analytics().format()).init(context);
        assertThat(context.scheduledPunctuators()).isEmpty();
    }
}
