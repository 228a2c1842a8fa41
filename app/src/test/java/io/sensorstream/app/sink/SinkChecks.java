package io.sensorstream.app.sink;

import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.testing.TopicReader;
import io.sensorstream.core.format.OutputDecoder;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.streams.PipelineSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the sink tests compare: the committed results on the topics, and what the PostgreSQL tables hold. */
final class SinkChecks {

    private SinkChecks() {
    }

    static void send(KafkaProducer<byte[], byte[]> producer, String topic, int sensor, long t, double v) {
        String id = "sensor-" + sensor;
        String json = String.format(Locale.ROOT, "{\"sensor_id\":\"%s\",\"temperature\":%.2f,\"timestamp\":%d}", id, v, t);
        producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The committed window results on the topic, newest revision per window: key → "emit revision count avg". */
    static Map<String, String> expectedWindows(String bootstrap, SensorstreamConfig cfg, PipelineSettings settings) {
        OutputDecoder decoder = new OutputDecoder(settings.analytics().format().metricNames(), settings.analytics().percentiles());
        Map<String, OutputRecord.Window> newest = new HashMap<>();
        try (TopicReader reader = new TopicReader(bootstrap, cfg.topics().aggregated())) {
            var records = reader.pollUntil(rs -> false, Duration.ofSeconds(3));
            for (var r : records) {
                OutputRecord.Window w = (OutputRecord.Window) decoder.decode(r.value());
                newest.merge(w.sensorId() + "/" + w.windowName() + "/" + w.startMs(), w,
                        (a, b) -> b.revision() >= a.revision() ? b : a);
            }
        }
        Map<String, String> out = new TreeMap<>();
        newest.forEach((k, w) -> out.put(k, w.emit().code() + " " + w.revision() + " " + w.summary().readings() + " "
                + String.format(Locale.ROOT, "%.6f", w.summary().metric(0).mean())));
        return out;
    }

    static Map<String, String> tableWindows(int port) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT sensor_id, window_name, (extract(epoch from window_start_utc) * 1000)::bigint, "
                     + "emit, revision, count_readings, avg_temperature FROM sensor_window_results")) {
            while (rs.next()) {
                out.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getLong(3), rs.getString(4) + " " + rs.getInt(5) + " "
                        + rs.getLong(6) + " " + String.format(Locale.ROOT, "%.6f", rs.getDouble(7)));
            }
        } catch (java.sql.SQLException e) {
            return Map.of(); // the table does not exist yet, or the server is starting
        }
        return out;
    }

    static String query(int port, String sql) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long count(String bootstrap, String topic) {
        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            return reader.pollUntil(rs -> false, Duration.ofSeconds(3)).size();
        }
    }
}
