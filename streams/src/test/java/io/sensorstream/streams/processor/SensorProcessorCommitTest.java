package io.sensorstream.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.state.StateCodec;
import io.sensorstream.core.state.StateCodecs;
import io.sensorstream.streams.PipelineSettings;
import io.sensorstream.streams.metrics.PipelineMetrics;
import io.sensorstream.streams.state.MirroredStore;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The processor asks Kafka Streams for a commit at each boundary of its {@link CommitCadence}, and only then; with a
 * flush-ahead time it writes the sensors' changed state that long before each boundary.
 */
class SensorProcessorCommitTest {

    private static final PipelineSettings SETTINGS = PipelineSettings.seedDefaults();

    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    private final PipelineMetrics metrics = PipelineMetrics.unexported();

    private SensorProcessor processor(CommitCadence cadence) {
        store(StoreNames.SENSORS, StateCodecs.STRING_KEY, StateCodecs.sensorRecord(SETTINGS.analytics().detection()));
        store(StoreNames.PENDING, StateCodecs.TIME_KEY, StateCodecs.pendingBucket());
        store(StoreNames.PROGRESS, StateCodecs.STRING_KEY, StateCodecs.PROGRESS);
        context.setCurrentSystemTimeMs(10_000);
        SensorProcessor p = new SensorProcessor(SETTINGS, metrics, cadence);
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
        return context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(Duration.ofMillis(10)))
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
    void writesTheSensorsChangedStateAheadOfEachCommitFromTheCadencesPunctuator() {
        SensorProcessor p = processor(new CommitCadence(Duration.ofSeconds(1), Duration.ofMillis(50)));
        MirroredStore<String, ?> sensors = context.getStateStore(StoreNames.SENSORS);
        Counter ahead = metrics.registry().get("sensorstream.state.flushed.ahead").counter();
        Punctuator check = check();
        check.punctuate(10_400); // the first check sets the times: flush ahead at 10 950, commit at 11 000
        reading(p, 10_900, "s-1", 1_000);
        reading(p, 10_940, "s-2", 1_100);
        check.punctuate(10_945);
        assertThat(ahead.count()).as("before 10 950").isZero();
        check.punctuate(10_955);
        assertThat(ahead.count()).as("s-1 and s-2 written ahead of the commit at 11 000").isEqualTo(2);
        assertThat(context.committed()).isFalse();
        reading(p, 10_960, "s-3", 1_200);
        check.punctuate(11_005);
        assertThat(context.committed()).isTrue();
        assertThat(ahead.count()).as("once per boundary").isEqualTo(2);
        assertThat(sensors.flushAhead()).as("s-3, changed after, is left for the commit").isEqualTo(1);
        reading(p, 11_500, "s-1", 1_300);
        check.punctuate(11_949);
        assertThat(ahead.count()).as("next at 11 950").isEqualTo(2);
        check.punctuate(11_951);
        assertThat(ahead.count()).isEqualTo(3);
    }

    @Test
    void writesTheChangedStateAheadOfKafkaStreamsOwnForecastCommitToo() {
        CommitCadence cadence = new CommitCadence(Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofSeconds(5));
        SensorProcessor p = processor(cadence);
        Counter ahead = metrics.registry().get("sensorstream.state.flushed.ahead").counter();
        Punctuator check = check();
        check.punctuate(10_400);
        cadence.committed(10_600); // not requested: Kafka Streams' own, the next forecast at 15 600
        check.punctuate(15_000); // the boundary's flush ahead (nothing changed yet) and commit
        assertThat(context.committed()).isTrue();
        reading(p, 15_100, "s-1", 1_000);
        reading(p, 15_500, "s-2", 1_100);
        check.punctuate(15_540);
        assertThat(ahead.count()).as("before 15 550").isZero();
        check.punctuate(15_555);
        assertThat(ahead.count()).as("s-1 and s-2 written ahead of Kafka Streams' commit at ~15 600").isEqualTo(2);
        reading(p, 15_700, "s-3", 1_200);
        check.punctuate(15_800);
        assertThat(ahead.count()).as("once per forecast").isEqualTo(2);
        check.punctuate(15_955);
        assertThat(ahead.count()).as("s-3 ahead of the boundary at 16 000").isEqualTo(3);
    }

    @Test
    void withoutAFlushAheadTimeStateIsWrittenOnlyAtTheCommit() {
        SensorProcessor p = processor(new CommitCadence(Duration.ofSeconds(1)));
        Punctuator check = check();
        check.punctuate(10_400);
        reading(p, 10_900, "s-1", 1_000);
        check.punctuate(10_990);
        reading(p, 11_900, "s-2", 2_000);
        check.punctuate(11_990);
        assertThat(metrics.registry().get("sensorstream.state.flushed.ahead").counter().count()).isZero();
        MirroredStore<String, ?> sensors = context.getStateStore(StoreNames.SENSORS);
        assertThat(sensors.flushAhead()).as("both still to write").isEqualTo(2);
    }

    private void reading(SensorProcessor p, long wallMs, String sensor, long eventTimeMs) {
        context.setCurrentSystemTimeMs(wallMs);
        byte[] json = ("{\"sensor_id\":\"" + sensor + "\",\"temperature\":21.5,\"timestamp\":" + eventTimeMs + "}")
                .getBytes(StandardCharsets.UTF_8);
        p.process(new Record<>(sensor.getBytes(StandardCharsets.UTF_8), json, eventTimeMs));
    }

    @Test
    void withoutACadenceKafkaStreamsAloneDecides() {
        processor(null);
        assertThat(punctuatorIntervals()).as("only the engine's own punctuator").containsExactly(Duration.ofSeconds(1));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(20_000);
        assertThat(context.committed()).isFalse();
    }
}
