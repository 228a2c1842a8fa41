package io.sensorstream.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensorstream.streams.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the web page shows, read back from the output topics like any downstream consumer would
 * ({@code read_committed}, so only results of committed transactions): the latest windows per sensor with a short
 * history, the recent alerts, and how many records reached the dead-letter and late topics.
 *
 * <p>Starts from the last {@value #BACKFILL} records of each partition, so a restarted page is not empty. One consumer
 * thread writes; readers take a {@link #snapshot()} under the same lock.
 */
public final class LiveView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    private static final int BACKFILL = 500;
    private static final int HISTORY = 60;
    private static final int RECENT_ALERTS = 50;

    private final ObjectMapper json = new ObjectMapper();
    private final Topics topics;
    private final String primaryWindow;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Deque<JsonNode>> windowsBySensor = new TreeMap<>();
    private final Map<String, Integer> alertsBySensor = new HashMap<>();
    private final Deque<JsonNode> recentAlerts = new ArrayDeque<>();
    private long windows;
    private long alerts;
    private long deadLetters;
    private long late;
    private volatile boolean running = true;
    private Thread thread;

    /** @param primaryWindow name of the window definition the page charts; results of other windows are counted only */
    public LiveView(Properties client, Topics topics, String primaryWindow) {
        this.topics = topics;
        this.primaryWindow = primaryWindow;
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "sensorstream-live-view");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public LiveView start() {
        thread = new Thread(this::loop, "live-view");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        try {
            assign();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    accept(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Live view stopped reading the output topics: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.aggregated(), topics.alerts(), topics.deadLetter(), topics.late())) {
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
        consumer.endOffsets(partitions).forEach((tp, end) -> {
            boolean counted = tp.topic().equals(topics.deadLetter()) || tp.topic().equals(topics.late());
            consumer.seek(tp, counted ? begin.get(tp) : Math.max(begin.get(tp), end - BACKFILL));
        });
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        String topic = r.topic();
        synchronized (this) {
            if (topic.equals(topics.deadLetter())) {
                deadLetters++;
                return;
            }
            if (topic.equals(topics.late())) {
                late++;
                return;
            }
        }
        JsonNode node;
        try {
            node = json.readTree(r.value());
        } catch (Exception e) {
            return;
        }
        if (node == null || !node.hasNonNull("sensor_id")) {
            return;
        }
        String sensor = node.get("sensor_id").asText();
        synchronized (this) {
            if (topic.equals(topics.aggregated())) {
                String emit = node.path("emit").asText("final");
                if (emit.equals("final")) {
                    windows++;
                }
                if (!node.path("window_name").asText(primaryWindow).equals(primaryWindow) || emit.equals("early")) {
                    return;
                }
                Deque<JsonNode> history = windowsBySensor.computeIfAbsent(sensor, k -> new ArrayDeque<>());
                if (emit.equals("update")) {
                    history.removeIf(w -> w.path("window_start_utc").asLong() == node.path("window_start_utc").asLong());
                }
                history.addLast(node);
                if (history.size() > HISTORY) history.removeFirst();
            } else if (topic.equals(topics.alerts())) {
                alerts++;
                alertsBySensor.merge(sensor, 1, Integer::sum);
                recentAlerts.addFirst(node);
                if (recentAlerts.size() > RECENT_ALERTS) recentAlerts.removeLast();
            }
        }
    }

    /** The page's data: sensors (latest window, history), recent alerts, totals. */
    public synchronized ObjectNode snapshot() {
        ObjectNode root = json.createObjectNode();
        ArrayNode sensors = root.putArray("sensors");
        windowsBySensor.forEach((sensor, history) -> {
            ObjectNode s = sensors.addObject();
            s.put("sensor_id", sensor);
            s.set("latest", history.peekLast());
            s.put("alerts", alertsBySensor.getOrDefault(sensor, 0));
            ArrayNode h = s.putArray("history");
            history.forEach(w -> h.add(w));
        });
        ArrayNode a = root.putArray("alerts");
        recentAlerts.forEach(a::add);
        ObjectNode totals = root.putObject("totals");
        totals.put("windows", windows);
        totals.put("alerts", alerts);
        totals.put("dead_letters", deadLetters);
        totals.put("late", late);
        return root;
    }

    public synchronized long windowsSeen() {
        return windows;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
