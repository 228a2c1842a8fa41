package io.sensorstream.connectors.influx;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.format.OutputJson;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import java.util.List;
import java.util.Map;

/**
 * InfluxDB line protocol of the output records, timestamps in milliseconds. Measurements and their keys:
 *
 * <pre>
 * sensor_windows      tags sensor_id, window_name, window_kind (+ the reading's tags); time = window start;
 *                     fields count_readings, revision (integers), emit, then per metric avg_, max_, min_, sum_, stddev_,
 *                     first_, last_, rate_, p50_… (floats) and count_ (integer)
 * sensor_jump_alerts  tags sensor_id, metric; time = the reading's event time; fields current, previous, delta, threshold
 * sensor_alert_events tags sensor_id, metric, detector, severity, state; time = the event time;
 *                     fields alert_id, value, score, expected, lower, upper
 * </pre>
 *
 * A point with the same measurement, tags and time overwrites the earlier one, so writes are idempotent; a missing
 * number (NaN) is left out. Escaping per the protocol: commas, spaces and {@code =} in keys and tag values, quotes and
 * backslashes in string fields. Example: {@code sensor_windows,sensor_id=s1,window_name=tumbling-1m,window_kind=tumbling
 * count_readings=60i,revision=0i,emit="final",avg_temperature=20.5,… 1700000040000}.
 */
final class LineProtocol {

    private final String[] metrics;
    private final String[] percentiles;

    LineProtocol(List<String> metrics, List<Double> percentiles) {
        this.metrics = metrics.toArray(new String[0]);
        this.percentiles = percentiles.stream().map(OutputJson::percentileName).toArray(String[]::new);
    }

    void append(OutputRecord r, StringBuilder out) {
        if (r instanceof OutputRecord.Window w) {
            out.append("sensor_windows");
            tag(out, "sensor_id", w.sensorId());
            tag(out, "window_name", w.windowName());
            tag(out, "window_kind", w.windowKind());
            for (Map.Entry<String, String> t : new java.util.TreeMap<>(w.summary().tags()).entrySet()) {
                if (!t.getKey().startsWith("sensor_id") && !t.getKey().startsWith("window_")) tag(out, t.getKey(), t.getValue());
            }
            out.append(' ').append("count_readings=").append(w.summary().readings()).append("i,revision=").append(w.revision())
                    .append("i,emit=\"").append(w.emit().code()).append('"');
            List<MetricSummary> ms = w.summary().metrics();
            for (int m = 0; m < ms.size() && m < metrics.length; m++) {
                MetricSummary s = ms.get(m);
                String name = metrics[m];
                field(out, "avg_" + name, s.mean());
                field(out, "max_" + name, s.max());
                field(out, "min_" + name, s.min());
                out.append(",").append(key("count_" + name)).append('=').append(s.count()).append('i');
                field(out, "sum_" + name, s.sum());
                field(out, "stddev_" + name, s.stddev());
                field(out, "first_" + name, s.first());
                field(out, "last_" + name, s.last());
                field(out, "rate_" + name, s.ratePerSecond());
                for (int p = 0; p < s.quantiles().size() && p < percentiles.length; p++) {
                    field(out, percentiles[p] + "_" + name, s.quantiles().get(p));
                }
            }
            out.append(' ').append(w.startMs()).append('\n');
        } else if (r instanceof OutputRecord.Jump j) {
            JumpAlert a = j.alert();
            out.append("sensor_jump_alerts");
            tag(out, "sensor_id", a.sensorId());
            tag(out, "metric", a.metric());
            out.append(" delta=").append(a.delta());
            field(out, "current", a.currentValue());
            field(out, "previous", a.previousValue());
            field(out, "threshold", a.threshold());
            out.append(' ').append(a.eventTimeMs()).append('\n');
        } else {
            AlertEvent e = ((OutputRecord.Event) r).event();
            out.append("sensor_alert_events");
            tag(out, "sensor_id", e.sensorId());
            if (e.metric() != null) tag(out, "metric", e.metric());
            tag(out, "detector", e.detector());
            tag(out, "severity", e.severity().code());
            tag(out, "state", e.state().name());
            out.append(" alert_id=\"").append(e.alertId().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            field(out, "value", e.value());
            field(out, "score", e.score());
            field(out, "expected", e.expected());
            field(out, "lower", e.lower());
            field(out, "upper", e.upper());
            out.append(' ').append(e.eventTimeMs()).append('\n');
        }
    }

    private static void tag(StringBuilder out, String key, String value) {
        if (value == null || value.isEmpty()) return; // the protocol has no empty tag values
        out.append(',').append(key(key)).append('=').append(key(value));
    }

    private static void field(StringBuilder out, String key, double v) {
        if (Double.isFinite(v)) out.append(',').append(key(key)).append('=').append(v);
    }

    /** A key or tag value: commas, equals signs and spaces escaped. */
    static String key(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '=' || c == ' ' || c == '\\' || c == '\n') {
                if (sb == null) sb = new StringBuilder(s.substring(0, i));
                sb.append(c == '\n' ? "\\n" : "\\" + c);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
