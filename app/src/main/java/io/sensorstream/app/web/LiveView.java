package io.sensorstream.app.web;

import io.sensorstream.core.reading.ParseResult;
import java.util.LinkedHashMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.ReadingParser;
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
 * history, the recent jump alerts and alert lifecycle events (FIRING/RESOLVED) with the alerts firing now, and how many
 * records reached the dead-letter and late topics.
 *
 * <p>Starts from the last {@value #BACKFILL} records of each partition, so a restarted page is not empty. One consumer
 * thread writes; readers take a {@link #snapshot()} under the same lock.
 */
public final class LiveView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    private static final int BACKFILL = 500;
    private static final int HISTORY = 60;
    private static final int RECENT_ALERTS = 50;
    private static final int RAW_PER_SENSOR = 600;
    private static final int MAX_RAW_SENSORS = 5_000;

    private final ObjectMapper json = new ObjectMapper();
    private final Topics topics;
    private final String primaryWindow;
    private final ReadingParser parser;
    /** Recent raw readings per sensor, [eventTime, value] pairs; the least recently updated sensors are dropped. */
    private final Map<String, Deque<double[]>> rawBySensor = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<double[]>> eldest) {
            return size() > MAX_RAW_SENSORS;
        }
    };
    private final Map<String, Deque<double[]>> alertPointsBySensor = new HashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Deque<JsonNode>> windowsBySensor = new TreeMap<>();
    private final Map<String, Integer> alertsBySensor = new HashMap<>();
    private final Deque<JsonNode> recentAlerts = new ArrayDeque<>();
    private long windows;
    private long alerts;
    private long alertEvents;
    /** Alerts of the detector suite now firing, by alert id. */
    private final Map<String, JsonNode> firing = new LinkedHashMap<>();
    private long deadLetters;
    private long late;
    private volatile boolean running = true;
    private Thread thread;

    /**
     * @param primaryWindow name of the window definition the page charts; results of other windows are counted only
     * @param format        the input format, to read the raw readings charted for the selected sensor
     */
    public LiveView(Properties client, Topics topics, String primaryWindow, ReadingFormat format) {
        this.topics = topics;
        this.primaryWindow = primaryWindow;
        this.parser = new ReadingParser(format);
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
        for (String topic : List.of(topics.aggregated(), topics.alerts(), topics.alertEvents(), topics.deadLetter(), topics.late(),
                topics.raw())) {
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
            long backfill = tp.topic().equals(topics.raw()) ? 4 * BACKFILL : BACKFILL;
            consumer.seek(tp, counted ? begin.get(tp) : Math.max(begin.get(tp), end - backfill));
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
            if (topic.equals(topics.raw())) {
                if (parser.parse(r.value()) instanceof ParseResult.Valid v) {
                    Deque<double[]> raw = rawBySensor.computeIfAbsent(v.reading().sensorId(), k -> new ArrayDeque<>());
                    raw.addLast(new double[] {v.reading().eventTimeMs(), v.reading().value()});
                    if (raw.size() > RAW_PER_SENSOR) raw.removeFirst();
                }
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
                Deque<double[]> points = alertPointsBySensor.computeIfAbsent(sensor, k -> new ArrayDeque<>());
                points.addLast(new double[] {node.path("timestamp").asDouble(), firstNumber(node, "current_")});
                if (points.size() > RECENT_ALERTS) points.removeFirst();
                addToFeed(node);
            } else if (topic.equals(topics.alertEvents())) {
                alertEvents++;
                boolean fires = node.path("state").asText().equals("FIRING");
                if (fires) {
                    alertsBySensor.merge(sensor, 1, Integer::sum);
                    firing.put(node.path("alert_id").asText(), node);
                    if (node.path("value").isNumber()) {
                        Deque<double[]> points = alertPointsBySensor.computeIfAbsent(sensor, k -> new ArrayDeque<>());
                        points.addLast(new double[] {node.path("timestamp").asDouble(), node.path("value").asDouble()});
                        if (points.size() > RECENT_ALERTS) points.removeFirst();
                    }
                } else {
                    firing.remove(node.path("alert_id").asText());
                }
                addToFeed(node);
            }
        }
    }

    private void addToFeed(JsonNode node) {
        recentAlerts.addFirst(node);
        if (recentAlerts.size() > RECENT_ALERTS) recentAlerts.removeLast();
    }

    private static double firstNumber(JsonNode node, String prefix) {
        var it = node.fields();
        while (it.hasNext()) {
            var f = it.next();
            if (f.getKey().startsWith(prefix) && f.getValue().isNumber()) return f.getValue().asDouble();
        }
        return Double.NaN;
    }

    /**
     * The pushed summary: per sensor only its latest window and alert count (small, so thousands of sensors stay
     * smooth), the recent alerts and the totals.
     */
    public synchronized ObjectNode summary() {
        ObjectNode root = json.createObjectNode();
        ArrayNode sensors = root.putArray("sensors");
        windowsBySensor.forEach((sensor, history) -> {
            ObjectNode s = sensors.addObject();
            s.put("sensor_id", sensor);
            JsonNode latest = history.peekLast();
            s.put("avg", latest == null ? Double.NaN : firstNumber(latest, "avg_"));
            s.put("alerts", alertsBySensor.getOrDefault(sensor, 0));
        });
        return withAlertsAndTotals(root);
    }

    /** One sensor's series for its chart: raw readings, window results and alert points. */
    public synchronized ObjectNode series(String sensor) {
        ObjectNode root = json.createObjectNode();
        root.put("sensor_id", sensor);
        ArrayNode raw = root.putArray("raw");
        rawBySensor.getOrDefault(sensor, new ArrayDeque<>()).forEach(p -> raw.addArray().add((long) p[0]).add(p[1]));
        ArrayNode windowsOut = root.putArray("windows");
        windowsBySensor.getOrDefault(sensor, new ArrayDeque<>()).forEach(windowsOut::add);
        ArrayNode points = root.putArray("alerts");
        alertPointsBySensor.getOrDefault(sensor, new ArrayDeque<>()).forEach(p -> points.addArray().add((long) p[0]).add(p[1]));
        return root;
    }

    /** Everything at once for scripts ({@code /api/state}): each sensor's latest window and history, alerts, totals. */
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
        return withAlertsAndTotals(root);
    }

    private ObjectNode withAlertsAndTotals(ObjectNode root) {
        ArrayNode a = root.putArray("alerts");
        recentAlerts.forEach(a::add);
        ObjectNode totals = root.putObject("totals");
        totals.put("windows", windows);
        totals.put("alerts", alerts);
        totals.put("alert_events", alertEvents);
        totals.put("firing", firing.size());
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
