package io.sensorstream.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensorstream.app.web.view.AlertLog;
import io.sensorstream.app.web.view.DeadLetterLog;
import io.sensorstream.app.web.view.FleetOverview;
import io.sensorstream.app.web.view.SensorHistory;
import io.sensorstream.connectors.OutputTopicReader;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.format.OutputDecoder;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.ReadingParser;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.streams.Topics;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the web page shows, read back from the output topics like any downstream consumer would
 * ({@code read_committed}, so only results of committed transactions): every sensor's latest state against its normal
 * band ({@link FleetOverview}), charted history of raw readings and of every window definition
 * ({@link SensorHistory}), the alert feed ({@link AlertLog}) and the records set aside on the dead-letter and late
 * topics ({@link DeadLetterLog}).
 *
 * <p>Starts from the last {@value #BACKFILL} records of each partition (dead letters and late records: from the
 * beginning), so a restarted page is not empty. One consumer thread writes; readers take their views under the same
 * lock.
 */
public final class LiveView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    private static final int BACKFILL = 500;
    static final int ALERTS_HELD = 10_000;
    static final int SENSORS_WITH_HISTORY = 100_000;
    static final int RAW_PER_SENSOR = 600;
    static final int WINDOWS_PER_SENSOR = 120;
    /** 16 bytes a reading: 48 MB when full. */
    static final long RAW_BUDGET = 3_000_000;
    /** About 90 bytes a result: 45 MB per window definition when full. */
    static final long WINDOW_BUDGET = 500_000;
    static final int DEAD_LETTER_SAMPLES = 200;

    private final ObjectMapper json = new ObjectMapper();
    private final Topics topics;
    private final String primaryWindow;
    private final ReadingParser parser;
    private final int p95;
    private final OutputTopicReader reader;
    private final FleetOverview fleet = new FleetOverview();
    private final SensorHistory history = new SensorHistory(SENSORS_WITH_HISTORY, RAW_PER_SENSOR,
            WINDOWS_PER_SENSOR, RAW_BUDGET, WINDOW_BUDGET);
    private final AlertLog alertLog = new AlertLog(ALERTS_HELD);
    private final DeadLetterLog deadLetters;
    private long undecodable;
    private long windows;
    private long jumpAlerts;
    private long alertEvents;
    private long firing;
    /** Latest event time seen on any topic: "now" for the page's time ranges and for how long an alert has fired. */
    private long latestEventMs = Long.MIN_VALUE;
    private Thread thread;

    /**
     * @param primaryWindow name of the window definition of the overview and the sensor list
     * @param format        the input format, to read the raw readings charted for the selected sensor
     * @param percentiles   the configured percentiles, to decode window results
     */
    public LiveView(Properties client, Topics topics, String primaryWindow, ReadingFormat format, List<Double> percentiles) {
        this.topics = topics;
        this.primaryWindow = primaryWindow;
        this.parser = new ReadingParser(format);
        this.p95 = percentiles.indexOf(0.95);
        this.deadLetters = new DeadLetterLog(DEAD_LETTER_SAMPLES, topics.deadLetter(), topics.late());
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

    void accept(OutputTopicReader.Item item) {
        ConsumerRecord<byte[], byte[]> r = item.record();
        String topic = r.topic();
        if (topic.equals(topics.deadLetter()) || topic.equals(topics.late())) {
            synchronized (this) {
                deadLetters.add(r);
            }
            return;
        }
        if (topic.equals(topics.raw())) {
            if (parser.parse(r.value()) instanceof ParseResult.Valid v) {
                synchronized (this) {
                    history.reading(v.reading().sensorId(), v.reading().eventTimeMs(), v.reading().value());
                    latestEventMs = Math.max(latestEventMs, v.reading().eventTimeMs());
                }
            }
            return;
        }
        OutputRecord out = item.output();
        if (out == null) {
            synchronized (this) {
                if (undecodable++ == 0) {
                    LOG.warn("Live view skips records it cannot decode on {}: {}", topic, item.error().getMessage());
                }
            }
            return;
        }
        if (out instanceof OutputRecord.Window w) {
            synchronized (this) {
                window(w);
            }
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(r.value()); // the feed shows alerts as published
        } catch (IOException e) {
            return;
        }
        synchronized (this) {
            if (out instanceof OutputRecord.Jump j) {
                jumpAlerts++;
                long t = j.alert().eventTimeMs();
                fleet.jump(j.sensorId(), t);
                history.alert(j.sensorId(), t, j.alert().currentValue());
                alertLog.add(j.sensorId(), "jump", null, AlertLog.EVENT, null, t, node);
                latestEventMs = Math.max(latestEventMs, t);
            } else if (out instanceof OutputRecord.Event oe) {
                alertEvents++;
                AlertEvent e = oe.event();
                if (e.state() == AlertState.FIRING) {
                    firing++;
                    fleet.firing(e.sensorId(), e.alertId(), e.severity().code(), e.eventTimeMs());
                    history.alert(e.sensorId(), e.eventTimeMs(), e.value());
                } else {
                    firing = Math.max(0, firing - 1);
                    fleet.resolved(e.sensorId(), e.alertId());
                }
                alertLog.add(e.sensorId(), e.detector(), e.severity().code(), e.state().name(), e.alertId(), e.eventTimeMs(), node);
                latestEventMs = Math.max(latestEventMs, e.eventTimeMs());
            }
        }
    }

    private void window(OutputRecord.Window w) {
        if (w.emit() == EmitKind.FINAL) windows++;
        if (w.emit() == EmitKind.EARLY) return;
        MetricSummary m = w.summary().metrics().isEmpty() ? null : w.summary().metric(0);
        double mean = m == null ? Double.NaN : m.mean();
        history.window(w.sensorId(), w.windowName(), new SensorHistory.WindowPoint(w.startMs(), w.endMs(), w.emit().code(),
                w.revision(), w.summary().readings(), mean, m == null ? Double.NaN : m.min(), m == null ? Double.NaN : m.max(),
                m == null ? Double.NaN : m.stddev(),
                m == null || p95 < 0 || p95 >= m.quantiles().size() ? Double.NaN : m.quantiles().get(p95)));
        if (w.windowName().equals(primaryWindow)) fleet.window(w.sensorId(), w.endMs(), mean);
    }

    /** The pushed summary: totals only (the page fetches the lists it shows a page at a time). */
    public synchronized ObjectNode summary() {
        ObjectNode root = json.createObjectNode();
        totals(root);
        return root;
    }

    private void totals(ObjectNode root) {
        ObjectNode totals = root.putObject("totals");
        totals.put("sensors", fleet.size());
        totals.put("windows", windows);
        totals.put("alerts", jumpAlerts);
        totals.put("alert_events", alertEvents);
        totals.put("firing", firing);
        totals.put("dead_letters", deadLetters.total(topics.deadLetter()));
        totals.put("late", deadLetters.total(topics.late()));
        if (latestEventMs != Long.MIN_VALUE) totals.put("latest_event_time", latestEventMs);
        else totals.putNull("latest_event_time");
    }

    /** One page of the sensor list ({@link FleetOverview#list}). */
    public synchronized ObjectNode sensors(String query, String sort, int offset, int limit) {
        return fleet.list(query, sort, offset, limit);
    }

    /** Every sensor as columns for the heat map ({@link FleetOverview#columns}). */
    public synchronized ObjectNode overview() {
        ObjectNode root = fleet.columns();
        root.put("window_name", primaryWindow);
        return root;
    }

    /** One sensor's series for one window definition within {@code [fromMs, toMs]}. */
    public synchronized ObjectNode series(String sensor, String windowName, long fromMs, long toMs) {
        ObjectNode root = history.series(sensor, windowName == null ? primaryWindow : windowName, fromMs, toMs);
        return root;
    }

    /** A page of the alert feed, newest first. */
    public synchronized ObjectNode alerts(AlertLog.Filter filter, long before, int limit) {
        return alertLog.toJson(alertLog.page(filter, before, limit), latestEventMs == Long.MIN_VALUE ? 0 : latestEventMs);
    }

    /** The dead-letter and late topics: counts by reason, per minute, and recent samples. */
    public synchronized ObjectNode deadLetters(String reason, int limit) {
        return deadLetters.toJson(reason, limit);
    }

    /** Everything at once for scripts ({@code /api/state}): the sensor list, the newest 50 alerts, the totals. */
    public synchronized ObjectNode snapshot() {
        ObjectNode root = json.createObjectNode();
        root.set("sensors", fleet.list(null, "name", 0, Integer.MAX_VALUE).get("items"));
        root.set("alerts", alerts(new AlertLog.Filter(null, null, null, null), 0, 50).get("items"));
        totals(root);
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
