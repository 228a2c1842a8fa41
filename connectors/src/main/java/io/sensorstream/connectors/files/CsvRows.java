package io.sensorstream.connectors.files;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.format.OutputJson;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CSV of the three output kinds (RFC 4180: comma, CRLF line ends, fields with a comma, quote or line break quoted, a
 * quote doubled). Columns are the JSON fields of the output formats; times are ISO-8601 UTC; a missing number is an
 * empty field. Window results: {@code sensor_id, window_name, window_kind, window_start_utc, window_end_utc, emit,
 * revision, count_readings, processing_time_utc}, then per metric {@code avg_, max_, min_, count_, sum_, stddev_,
 * first_, last_, rate_<metric>} and the percentiles, then {@code tags} as {@code key=value;…}.
 */
final class CsvRows {

    private static final String[] STEMS = {"avg_", "max_", "min_", "count_", "sum_", "stddev_", "first_", "last_", "rate_"};

    private final byte[] windowHeader;

    CsvRows(List<String> metrics, List<Double> percentiles) {
        List<String> columns = new ArrayList<>(List.of("sensor_id", "window_name", "window_kind", "window_start_utc",
                "window_end_utc", "emit", "revision", "count_readings", "processing_time_utc"));
        for (String m : metrics) {
            for (String stem : STEMS) columns.add(stem + m);
            for (double p : percentiles) columns.add(OutputJson.percentileName(p) + "_" + m);
        }
        columns.add("tags");
        windowHeader = line(columns);
    }

    byte[] header(OutputRecord first) {
        if (first instanceof OutputRecord.Window) return windowHeader;
        if (first instanceof OutputRecord.Jump) {
            return line(List.of("sensor_id", "metric", "timestamp_utc", "current_value", "previous_value", "delta", "threshold",
                    "previous_timestamp_utc", "alert_time_utc"));
        }
        return line(List.of("alert_id", "state", "sensor_id", "metric", "detector", "severity", "value", "score", "expected",
                "lower", "upper", "timestamp_utc", "firing_since_utc", "alert_time_utc"));
    }

    byte[] row(OutputRecord r) {
        List<String> f = new ArrayList<>();
        if (r instanceof OutputRecord.Window w) {
            f.addAll(List.of(w.sensorId(), w.windowName(), w.windowKind(), time(w.startMs()), time(w.endMs()), w.emit().code(),
                    Integer.toString(w.revision()), Long.toString(w.summary().readings()), time(w.processingTimeMs())));
            for (MetricSummary m : w.summary().metrics()) {
                f.addAll(List.of(num(m.mean()), num(m.max()), num(m.min()), Long.toString(m.count()), num(m.sum()), num(m.stddev()),
                        num(m.first()), num(m.last()), num(m.ratePerSecond())));
                m.quantiles().forEach(q -> f.add(num(q)));
            }
            StringBuilder tags = new StringBuilder();
            for (Map.Entry<String, String> t : w.summary().tags().entrySet()) {
                tags.append(tags.length() == 0 ? "" : ";").append(t.getKey()).append('=').append(t.getValue());
            }
            f.add(tags.toString());
        } else if (r instanceof OutputRecord.Jump j) {
            JumpAlert a = j.alert();
            f.addAll(List.of(a.sensorId(), a.metric(), time(a.eventTimeMs()), num(a.currentValue()), num(a.previousValue()),
                    num(a.delta()), num(a.threshold()), a.previousEventTimeMs() == Long.MIN_VALUE ? "" : time(a.previousEventTimeMs()),
                    time(j.alertTimeMs())));
        } else {
            OutputRecord.Event oe = (OutputRecord.Event) r;
            AlertEvent e = oe.event();
            f.addAll(List.of(e.alertId(), e.state().name(), e.sensorId(), e.metric() == null ? "" : e.metric(), e.detector(),
                    e.severity().code(), num(e.value()), num(e.score()), num(e.expected()), num(e.lower()), num(e.upper()),
                    time(e.eventTimeMs()), e.firingSinceMs() <= 0 ? "" : time(e.firingSinceMs()), time(oe.alertTimeMs())));
        }
        return line(f);
    }

    private static String time(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    static byte[] line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) sb.append(',');
            String v = fields.get(i);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(v);
            }
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
