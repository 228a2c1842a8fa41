package io.sensorstream.app.web;

import io.sensorstream.core.reading.ParseResult;
import java.util.LinkedHashMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensorstream.connectors.OutputTopicReader;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.format.OutputDecoder;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.ReadingParser;
import io.sensorstream.streams.Topics;
import java.io.IOException;
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
    private final OutputTopicReader reader;
    /** Latest mean of the primary window's first metric per sensor, from the typed results. */
    private final Map<String, Double> latestMean = new HashMap<>();
    private long undecodable;
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
    private Thread thread;

    /**
     * @param primaryWindow name of the window definition the page charts; results of other windows are counted only
     * @param format        the input format, to read the raw readings charted for the selected sensor
     * @param percentiles   the configured percentiles, to decode window results
     */
    public LiveView(Properties client, Topics topics, String primaryWindow, ReadingFormat format, List<Double> percentiles) {
        this.topics = topics;
        this.primaryWindow = primaryWindow;
        this.parser = new ReadingParser(format);
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "sensorstream-live-view");
        this.reader = OutputTopicReader.builder(p, new OutputDecoder(format.metricNames(), percentiles))
                .decoded(topics.aggregated(), topics.alerts(), topics.alertEvents())
                .raw(topics.deadLetter(), topics.late(), topics.raw())
                .assigned((tp, begin, end) -> {
                    // dead letters and late readings are counted from the start; the rest is a recent backfill
                    if (tp.topic().equals(topics.deadLetter()) || tp.topic().equals(topics.late())) return begin;
                    long backfill = tp.topic().equals(topics.raw()) ? 4 * BACKFILL : BACKFILL;
                    return Math.max(begin, end - backfill);
                })
                .build();
    }

    public LiveView start() {
        thread = new Thread(this::loop, "live-view");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        try {
            reader.run(batch -> batch.forEach(this::accept));
        } catch (Exception e) {
            LOG.error("Live view stopped reading the output topics: {}", e.toString());
        }
    }

    private void accept(OutputTopicReader.Item item) {
        ConsumerRecord<byte[], byte[]> r = item.record();
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
            if (item.output() == null) {
                if (undecodable++ == 0) {
                    LOG.warn("Live view skips records it cannot decode on {}: {}", topic, item.error().getMessage());
                }
                return;
            }
        }
        JsonNode node;
        try {
            node = json.readTree(r.value()); // the page shows the records as published
        } catch (IOException e) {
            return;
        }
        String sensor = item.output().sensorId();
        synchronized (this) {
            OutputRecord out = item.output();
            if (out instanceof OutputRecord.Window w) {
                if (w.emit() == EmitKind.FINAL) {
                    windows++;
                }
                if (!w.windowName().equals(primaryWindow) || w.emit() == EmitKind.EARLY) {
                    return;
                }
                Deque<JsonNode> history = windowsBySensor.computeIfAbsent(sensor, k -> new ArrayDeque<>());
                if (w.emit() == EmitKind.UPDATE) {
                    history.removeIf(h -> h.path("window_start_utc").asLong() == w.startMs());
                }
                history.addLast(node);
                if (history.size() > HISTORY) history.removeFirst();
                latestMean.put(sensor, w.summary().metric(0).mean());
            } else if (out instanceof OutputRecord.Jump j) {
                alerts++;
                alertsBySensor.merge(sensor, 1, Integer::sum);
                addPoint(sensor, j.alert().eventTimeMs(), j.alert().currentValue());
                addToFeed(node);
            } else if (out instanceof OutputRecord.Event e) {
                alertEvents++;
                if (e.event().state() == AlertState.FIRING) {
                    alertsBySensor.merge(sensor, 1, Integer::sum);
                    firing.put(e.event().alertId(), node);
                    if (!Double.isNaN(e.event().value())) {
                        addPoint(sensor, e.event().eventTimeMs(), e.event().value());
                    }
                } else {
                    firing.remove(e.event().alertId());
                }
                addToFeed(node);
            }
        }
    }

    private void addPoint(String sensor, long t, double value) {
        Deque<double[]> points = alertPointsBySensor.computeIfAbsent(sensor, k -> new ArrayDeque<>());
        points.addLast(new double[] {t, value});
        if (points.size() > RECENT_ALERTS) points.removeFirst();
    }

    private void addToFeed(JsonNode node) {
        recentAlerts.addFirst(node);
        if (recentAlerts.size() > RECENT_ALERTS) recentAlerts.removeLast();
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
            s.put("avg", latestMean.getOrDefault(sensor, Double.NaN));
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
        reader.close();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
