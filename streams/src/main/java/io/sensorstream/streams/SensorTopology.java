package io.sensorstream.streams;

import io.sensorstream.streams.metrics.PipelineMetrics;
import io.sensorstream.streams.processor.ChildNames;
import io.sensorstream.streams.processor.SensorProcessor;
import io.sensorstream.streams.processor.StoreNames;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the Kafka Streams topology: one source (raw readings, as bytes so nothing can fail to deserialize), one
 * analytics processor with four changelogged stores, and four sinks (aggregated, alerts, dead-letter, late).
 *
 * <p>Input records must be keyed by sensor id (the seed's producer does so): a sensor's state lives in the task of
 * the partition its readings arrive on.
 */
public final class SensorTopology {

    public static final String SOURCE = "raw-readings";
    public static final String ANALYTICS = "analytics";

    private SensorTopology() {
    }

    public static Topology build(PipelineSettings settings, PipelineMetrics metrics) {
        Topics topics = settings.topics();
        Topology topology = new Topology();
        topology.addSource(org.apache.kafka.streams.AutoOffsetReset.earliest(), SOURCE, new ArrivalTimeExtractor(), new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.raw());
        topology.addProcessor(ANALYTICS, () -> new SensorProcessor(settings, metrics), SOURCE);
        for (String store : new String[] {StoreNames.WINDOWS, StoreNames.PENDING, StoreNames.LAST_READING, StoreNames.PROGRESS}) {
            KeyValueBytesStoreSupplier supplier = settings.persistentState()
                    ? Stores.persistentKeyValueStore(store)
                    : Stores.inMemoryKeyValueStore(store);
            // the record cache folds the many updates of a window or sensor between two commits into one
            // changelog write
            topology.addStateStore(Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray())
                    .withCachingEnabled(), ANALYTICS);
        }
        ByteArraySerializer bytes = new ByteArraySerializer();
        topology.addSink(ChildNames.AGGREGATED, topics.aggregated(), bytes, bytes, ANALYTICS);
        topology.addSink(ChildNames.ALERTS, topics.alerts(), bytes, bytes, ANALYTICS);
        topology.addSink(ChildNames.DEAD_LETTER, topics.deadLetter(), bytes, bytes, ANALYTICS);
        topology.addSink(ChildNames.LATE, topics.late(), bytes, bytes, ANALYTICS);
        return topology;
    }

}
