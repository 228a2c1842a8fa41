package io.sensorstream.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The same job written the way a typical team writes it with the Kafka Streams DSL: a JSON serde, {@code windowedBy}
 * 60 s tumbling windows with 5 s grace, an aggregate of count/sum/min/max, {@code suppress} until the window closes,
 * and a processor with a key-value store for the jump rule. A peer for {@link Compare}, not part of the product.
 */
final class DslBaseline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DslBaseline() {
    }

    static Topology topology(String topic) {
        Serde<JsonNode> json = Serdes.serdeFrom(serializer(), deserializer());
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("last-temperature"), Serdes.String(), Serdes.Double()));
        KStream<String, JsonNode> readings = b.stream(topic, Consumed.with(Serdes.String(), json)
                        .withTimestampExtractor((r, previous) -> r.value() instanceof JsonNode n && n.has("timestamp")
                                ? n.get("timestamp").asLong() : r.timestamp()))
                .peek((k, v) -> Contender.COUNT.incrementAndGet())
                .filter((k, v) -> v != null && v.path("temperature").isNumber() && v.hasNonNull("sensor_id"));
        readings.groupByKey()
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(60), Duration.ofSeconds(5)))
                .aggregate(() -> JSON.createObjectNode().put("count", 0).put("sum", 0.0)
                                .put("min", Double.MAX_VALUE).put("max", -Double.MAX_VALUE),
                        (key, v, agg) -> {
                            double t = v.get("temperature").asDouble();
                            ObjectNode a = (ObjectNode) agg;
                            a.put("count", a.get("count").asLong() + 1).put("sum", a.get("sum").asDouble() + t)
                                    .put("min", Math.min(a.get("min").asDouble(), t)).put("max", Math.max(a.get("max").asDouble(), t));
                            return a;
                        },
                        Materialized.<String, JsonNode, WindowStore<Bytes, byte[]>>as("windows").withValueSerde(json))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .map((w, agg) -> {
                    ObjectNode out = JSON.createObjectNode().put("sensor_id", w.key())
                            .put("window_start_utc", w.window().start()).put("window_end_utc", w.window().end())
                            .put("avg_temperature", agg.get("sum").asDouble() / agg.get("count").asLong())
                            .put("max_temperature", agg.get("max").asDouble()).put("min_temperature", agg.get("min").asDouble())
                            .put("count_readings", agg.get("count").asLong());
                    return KeyValue.pair(w.key(), (JsonNode) out);
                })
                .to("bench-dsl-aggregated", Produced.with(Serdes.String(), json));
        readings.process(JumpRule::new, "last-temperature").to("bench-dsl-alerts", Produced.with(Serdes.String(), json));
        return b.build();
    }

    /** |current − previous| > 5.0 against the sensor's last temperature in a state store. */
    private static final class JumpRule implements Processor<String, JsonNode, String, JsonNode> {
        private ProcessorContext<String, JsonNode> context;
        private KeyValueStore<String, Double> last;

        @Override
        public void init(ProcessorContext<String, JsonNode> context) {
            this.context = context;
            this.last = context.getStateStore("last-temperature");
        }

        @Override
        public void process(Record<String, JsonNode> r) {
            double t = r.value().get("temperature").asDouble();
            Double previous = last.get(r.key());
            last.put(r.key(), t);
            if (previous != null && Math.abs(t - previous) > 5.0) {
                context.forward(r.withValue(JSON.createObjectNode().put("sensor_id", r.key()).put("current_temperature", t)
                        .put("previous_temperature", previous).put("delta", Math.abs(t - previous)).put("threshold", 5.0)));
            }
        }
    }

    private static Serializer<JsonNode> serializer() {
        return (topic, v) -> {
            try {
                return v == null ? null : JSON.writeValueAsBytes(v);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static Deserializer<JsonNode> deserializer() {
        return (topic, bytes) -> {
            try {
                return bytes == null ? null : JSON.readTree(bytes);
            } catch (IOException e) {
                return null;
            }
        };
    }
}
