package io.sensorstream.connectors;

import io.sensorstream.core.format.OutputDecoder;
import io.sensorstream.core.format.OutputFormatException;
import io.sensorstream.core.format.OutputRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads sensorstream's output topics as a downstream consumer must: {@code read_committed}, so only results of
 * committed transactions, each record decoded by the one {@link OutputDecoder}. Other topics (dead letters, late
 * readings, the input) can be read alongside, undecoded.
 *
 * <p>Two ways to position: {@link Builder#group} joins a consumer group and commits a batch's offsets only after the
 * handler returned (or, for a handler that keeps work open across batches, only what it calls committable), so a
 * consumer that writes somewhere (a sink) loses nothing and, writing idempotently, doubles nothing across a crash; {@link Builder#assigned} reads every partition from where a {@link StartPolicy} says,
 * committing nothing (the dashboard's backfill of recent records).
 */
public final class OutputTopicReader implements AutoCloseable {

    /** One record: the decoded output, or for an undecodable or undecoded topic's record {@code output == null}. */
    public record Item(ConsumerRecord<byte[], byte[]> record, OutputRecord output, OutputFormatException error) {
    }

    /** Handles one polled batch; throwing stops the reader before the batch's offsets are committed. */
    @FunctionalInterface
    public interface BatchHandler {
        void accept(List<Item> batch) throws Exception;

        /**
         * With a group: the offsets to commit, given per partition the next offset after everything handed over. By
         * default all of it; a handler that keeps work open across batches (rolling files) returns less, the first
         * offset of what is not yet durable.
         */
        default Map<TopicPartition, Long> committable(Map<TopicPartition, Long> handed) {
            return handed;
        }

        /** A poll brought nothing: time to finish work that is due by the clock. */
        default void idle() throws Exception {
        }

        /** With a group: partitions a rebalance took away; what was not committed is replayed by their next owner. */
        default void revoked(Collection<TopicPartition> partitions) {
        }
    }

    /** Where an assigned partition starts, given its first and next offsets. */
    @FunctionalInterface
    public interface StartPolicy {
        long start(TopicPartition partition, long beginning, long end);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final OutputDecoder decoder;
    private final Set<String> decoded;
    private final Set<String> all;
    private final String group;
    private final StartPolicy start;
    private final Duration poll;
    private volatile boolean running = true;

    private OutputTopicReader(Builder b) {
        Properties p = new Properties();
        p.putAll(b.client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (b.group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, b.group);
            p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        }
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.decoder = b.decoder;
        this.decoded = Set.copyOf(b.decoded);
        this.all = new LinkedHashSet<>(b.decoded);
        this.all.addAll(b.raw);
        this.group = b.group;
        this.start = b.start;
        this.poll = b.poll;
    }

    public static Builder builder(Properties client, OutputDecoder decoder) {
        return new Builder(client, decoder);
    }

    /**
     * Reads until {@link #close()}: positions, then hands each non-empty batch to {@code handler} (and calls its
     * {@link BatchHandler#idle} after an empty poll); with a group, commits what the handler calls committable.
     */
    public void run(BatchHandler handler) throws Exception {
        Map<TopicPartition, Long> handed = new HashMap<>();
        Map<TopicPartition, Long> committed = new HashMap<>();
        try {
            if (group != null) {
                consumer.subscribe(List.copyOf(all), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        handler.revoked(partitions);
                        partitions.forEach(handed::remove);
                        partitions.forEach(committed::remove);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    }
                });
            } else {
                assign();
            }
            while (running) {
                var records = consumer.poll(poll);
                if (records.isEmpty()) {
                    handler.idle();
                } else {
                    List<Item> batch = new ArrayList<>(records.count());
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        batch.add(decode(r));
                        handed.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                    }
                    handler.accept(batch);
                }
                if (group != null) {
                    commit(handler.committable(Map.copyOf(handed)), committed);
                }
            }
        } catch (WakeupException e) {
            if (running) throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Commits the offsets that moved since the last commit. */
    private void commit(Map<TopicPartition, Long> committable, Map<TopicPartition, Long> committed) {
        Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
        committable.forEach((tp, offset) -> {
            if (!offset.equals(committed.get(tp))) moved.put(tp, new OffsetAndMetadata(offset));
        });
        if (!moved.isEmpty()) {
            consumer.commitSync(moved);
            moved.forEach((tp, o) -> committed.put(tp, o.offset()));
        }
    }

    private Item decode(ConsumerRecord<byte[], byte[]> r) {
        if (!decoded.contains(r.topic())) {
            return new Item(r, null, null);
        }
        try {
            return new Item(r, decoder.decode(r.value()), null);
        } catch (OutputFormatException e) {
            return new Item(r, null, e);
        }
    }

    private void assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : all) {
            List<PartitionInfo> infos = null;
            while (running && (infos == null || infos.isEmpty())) {
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            }
            if (infos != null) {
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        consumer.endOffsets(partitions).forEach((tp, end) -> consumer.seek(tp, start.start(tp, begin.get(tp), end)));
    }

    /** Stops {@link #run} from another thread; it returns after closing the consumer. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    public static final class Builder {
        private final Properties client;
        private final OutputDecoder decoder;
        private final List<String> decoded = new ArrayList<>();
        private final List<String> raw = new ArrayList<>();
        private String group;
        private StartPolicy start = (tp, beginning, end) -> beginning;
        private Duration poll = Duration.ofMillis(500);

        private Builder(Properties client, OutputDecoder decoder) {
            this.client = client;
            this.decoder = decoder;
        }

        /** Output topics whose records are decoded. */
        public Builder decoded(String... topics) {
            decoded.addAll(List.of(topics));
            return this;
        }

        /** Topics read as they are (dead letters, late readings, input). */
        public Builder raw(String... topics) {
            raw.addAll(List.of(topics));
            return this;
        }

        /** Joins consumer group {@code id}; offsets committed after each handled batch. */
        public Builder group(String id) {
            this.group = id;
            return this;
        }

        /** No group: every partition assigned, starting where {@code policy} says. */
        public Builder assigned(StartPolicy policy) {
            this.group = null;
            this.start = policy;
            return this;
        }

        public Builder pollTimeout(Duration d) {
            this.poll = d;
            return this;
        }

        public OutputTopicReader build() {
            if (decoded.isEmpty() && raw.isEmpty()) throw new IllegalArgumentException("no topics to read");
            return new OutputTopicReader(this);
        }
    }
}
