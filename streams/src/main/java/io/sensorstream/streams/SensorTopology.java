package io.sensorstream.streams;

import io.sensorstream.core.state.StateCodec;
import io.sensorstream.core.state.StateCodecs;
import io.sensorstream.streams.metrics.PipelineMetrics;
import io.sensorstream.streams.processor.ChildNames;
import io.sensorstream.streams.processor.CommitCadence;
import io.sensorstream.streams.processor.SensorIdRekeyer;
import io.sensorstream.streams.processor.SensorProcessor;
import io.sensorstream.streams.processor.StoreNames;
import io.sensorstream.streams.state.MirroredStore;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the Kafka Streams topology: one source (raw readings, as bytes so nothing can fail to deserialize), one
 * analytics processor with three changelogged stores (per-sensor records, pending buckets, progress), and five sinks (aggregated, alerts, alert events, dead-letter,
 * late).
 *
 * <p>Input records should be keyed by sensor id (the seed's producer does so): a sensor's state lives in the task of
 * the partition its readings arrive on. When they are not, {@link PipelineSettings#repartitionTopic()} adds a first
 * step that re-keys every record by its sensor id through that topic.
 */
public final class SensorTopology {

    public static final String SOURCE = "raw-readings";
    public static final String ANALYTICS = "analytics";
    public static final String REKEY = "rekey-by-sensor";
    public static final String BY_SENSOR = "readings-by-sensor";

    private SensorTopology() {
    }

    public static Topology build(PipelineSettings settings, PipelineMetrics metrics) {
        Topics topics = settings.topics();
        Topology topology = new Topology();
        // one per Kafka Streams instance: its tasks share each thread's commit boundaries
        CommitCadence cadence = settings.commitCadence().isZero() ? null : new CommitCadence(settings.commitCadence(),
                settings.flushAhead(), CommitCadence.SAFETY_NET);
        if (cadence != null) {
            metrics.commits().onCommitted(() -> cadence.committed(System.currentTimeMillis()));
        }
        topology.addSource(AutoOffsetReset.earliest(), SOURCE, new ArrivalTimeExtractor(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), topics.raw());
        String analyticsInput = SOURCE;
        if (settings.repartitionTopic() != null) {
            ByteArraySerializer bytes = new ByteArraySerializer();
            topology.addProcessor(REKEY, () -> new SensorIdRekeyer(settings.analytics().format(), cadence), SOURCE);
            topology.addSink(ChildNames.READINGS_BY_SENSOR, settings.repartitionTopic(), bytes, bytes, REKEY);
            topology.addSource(AutoOffsetReset.earliest(), BY_SENSOR, new ArrivalTimeExtractor(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(), settings.repartitionTopic());
            analyticsInput = BY_SENSOR;
        }
        topology.addProcessor(ANALYTICS, () -> new SensorProcessor(settings, metrics, cadence), analyticsInput);
        addStore(topology, settings, metrics, StoreNames.SENSORS, StateCodecs.STRING_KEY, StateCodecs.sensorRecord(settings.analytics().detection()));
        addStore(topology, settings, metrics, StoreNames.PENDING, StateCodecs.TIME_KEY, StateCodecs.pendingBucket());
        addStore(topology, settings, metrics, StoreNames.PROGRESS, StateCodecs.STRING_KEY, StateCodecs.PROGRESS);
        ByteArraySerializer bytes = new ByteArraySerializer();
        topology.addSink(ChildNames.AGGREGATED, topics.aggregated(), bytes, bytes, ANALYTICS);
        topology.addSink(ChildNames.ALERTS, topics.alerts(), bytes, bytes, ANALYTICS);
        topology.addSink(ChildNames.DEAD_LETTER, topics.deadLetter(), bytes, bytes, ANALYTICS);
        topology.addSink(ChildNames.LATE, topics.late(), bytes, bytes, ANALYTICS);
        topology.addSink(ChildNames.ALERT_EVENTS, topics.alertEvents(), bytes, bytes, ANALYTICS);
        if (topics.publishesScores()) {
            topology.addSink(ChildNames.SCORES, topics.scores(), bytes, bytes, ANALYTICS);
        }
        return topology;
    }

    private static <K, V> void addStore(Topology topology, PipelineSettings settings, PipelineMetrics metrics, String name,
                                        StateCodec<K> keys, StateCodec<V> values) {
        KeyValueBytesStoreSupplier supplier = settings.persistentState()
                ? Stores.persistentKeyValueStore(name)
                : MirroredStore.inMemory(name);
        topology.addStateStore(MirroredStore.builder(Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray()),
                keys, values, metrics.commits()), ANALYTICS);
    }
}
