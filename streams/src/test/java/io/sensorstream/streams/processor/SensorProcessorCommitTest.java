package io.sensorstream.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.state.StateCodec;
import io.sensorstream.core.state.StateCodecs;
import io.sensorstream.streams.PipelineSettings;
import io.sensorstream.streams.metrics.PipelineMetrics;
import io.sensorstream.streams.state.MirroredStore;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The processor asks Kafka Streams for a commit at each boundary of its {@link CommitCadence}, and only then. */
class SensorProcessorCommitTest {

    private static final PipelineSettings SETTINGS = PipelineSettings.seedDefaults();

    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();

    private SensorProcessor processor(CommitCadence cadence) {
        store(StoreNames.SENSORS, StateCodecs.STRING_KEY, StateCodecs.sensorRecord(SETTINGS.analytics().detection()));
        store(StoreNames.PENDING, StateCodecs.TIME_KEY, StateCodecs.pendingBucket());
        store(StoreNames.PROGRESS, StateCodecs.STRING_KEY, StateCodecs.PROGRESS);
        context.setCurrentSystemTimeMs(10_000);
        SensorProcessor p = new SensorProcessor(SETTINGS, PipelineMetrics.unexported(), cadence);
        p.init(context);
        return p;
    }

    private <K, V> void store(String name, StateCodec<K> keys, StateCodec<V> values) {
        MirroredStore<K, V> s = MirroredStore.builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.Bytes(), Serdes.ByteArray()), keys, values).withLoggingDisabled().build();
        s.init(context.getStateStoreContext(), s);
        context.addStateStore(s);
    }

    private List<Duration> punctuatorIntervals() {
        return context.scheduledPunctuators().stream().map(MockProcessorContext.CapturedPunctuator::getInterval).toList();
    }

    private Punctuator check() {
        return context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(Duration.ofMillis(50)))
                .findFirst().orElseThrow().getPunctuator();
    }

    @Test
    void requestsACommitAtEachBoundaryOfTheCadenceAndOnlyThen() {
        processor(new CommitCadence(Duration.ofSeconds(1)));
        Punctuator check = check();
        check.punctuate(10_400);
        check.punctuate(10_990);
        assertThat(context.committed()).as("before the first boundary").isFalse();
        check.punctuate(11_010);
        assertThat(context.committed()).as("at 11 000").isTrue();
        context.resetCommit();
        check.punctuate(11_060);
        check.punctuate(11_950);
        assertThat(context.committed()).as("once per boundary").isFalse();
        check.punctuate(12_000);
        assertThat(context.committed()).as("at 12 000").isTrue();
    }

    @Test
    void withoutACadenceKafkaStreamsAloneDecides() {
        processor(null);
        assertThat(punctuatorIntervals()).as("only the engine's own punctuator").containsExactly(Duration.ofSeconds(1));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(20_000);
        assertThat(context.committed()).isFalse();
    }
}
