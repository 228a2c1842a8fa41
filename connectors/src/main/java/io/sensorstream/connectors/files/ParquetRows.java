package io.sensorstream.connectors.files;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.format.OutputJson;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Parquet schemas and rows of the three output kinds. Columns are named as the JSON fields (and the CSV columns); times
 * are {@code TIMESTAMP(MILLIS, UTC)}, counts {@code INT64}, values {@code DOUBLE} and null when they do not exist (an
 * empty window's stddev, a single instant's rate), tags a {@code MAP<STRING, STRING>}. Example (DuckDB):
 * {@code SELECT sensor_id, avg_temperature FROM 'windows/date=2026-11-25/*.parquet' WHERE tags['site'] = 'lab'}.
 */
final class ParquetRows {

    private static final String[] STEMS = {"avg_", "max_", "min_", "count_", "sum_", "stddev_", "first_", "last_", "rate_"};

    private final MessageType windows;
    /** Per configured metric: the columns of {@link #STEMS}, then of the percentiles. */
    private final String[][] metricColumns;
    private final MessageType jumps;
    private final MessageType events;

    ParquetRows(List<String> metrics, List<Double> percentiles) {
        Types.MessageTypeBuilder w = Types.buildMessage();
        string(w, "sensor_id", true);
        string(w, "window_name", true);
        string(w, "window_kind", true);
        time(w, "window_start_utc", true);
        time(w, "window_end_utc", true);
        string(w, "emit", true);
        w.required(PrimitiveTypeName.INT32).named("revision");
        w.required(PrimitiveTypeName.INT64).named("count_readings");
        time(w, "processing_time_utc", true);
        metricColumns = new String[metrics.size()][];
        for (int i = 0; i < metrics.size(); i++) {
            String m = metrics.get(i);
            metricColumns[i] = new String[STEMS.length + percentiles.size()];
            for (int s = 0; s < STEMS.length; s++) metricColumns[i][s] = STEMS[s] + m;
            for (int q = 0; q < percentiles.size(); q++) {
                metricColumns[i][STEMS.length + q] = OutputJson.percentileName(percentiles.get(q)) + "_" + m;
            }
            for (String stem : STEMS) {
                if (stem.equals("count_")) w.optional(PrimitiveTypeName.INT64).named(stem + m);
                else w.optional(PrimitiveTypeName.DOUBLE).named(stem + m);
            }
            for (double p : percentiles) w.optional(PrimitiveTypeName.DOUBLE).named(OutputJson.percentileName(p) + "_" + m);
        }
        w.optionalMap().key(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                .optionalValue(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("tags");
        windows = w.named("window_result");

        Types.MessageTypeBuilder j = Types.buildMessage();
        string(j, "sensor_id", true);
        string(j, "metric", true);
        time(j, "timestamp_utc", true);
        for (String f : List.of("current_value", "previous_value", "delta", "threshold")) j.optional(PrimitiveTypeName.DOUBLE).named(f);
        time(j, "previous_timestamp_utc", false);
        time(j, "alert_time_utc", true);
        jumps = j.named("jump_alert");

        Types.MessageTypeBuilder e = Types.buildMessage();
        for (String f : List.of("alert_id", "state", "sensor_id")) string(e, f, true);
        string(e, "metric", false);
        string(e, "detector", true);
        string(e, "severity", true);
        for (String f : List.of("value", "score", "expected", "lower", "upper")) e.optional(PrimitiveTypeName.DOUBLE).named(f);
        time(e, "timestamp_utc", true);
        time(e, "firing_since_utc", false);
        time(e, "alert_time_utc", true);
        events = e.named("alert_event");
    }

    private static void string(Types.MessageTypeBuilder b, String name, boolean required) {
        (required ? b.required(PrimitiveTypeName.BINARY) : b.optional(PrimitiveTypeName.BINARY))
                .as(LogicalTypeAnnotation.stringType()).named(name);
    }

    private static void time(Types.MessageTypeBuilder b, String name, boolean required) {
        (required ? b.required(PrimitiveTypeName.INT64) : b.optional(PrimitiveTypeName.INT64))
                .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
    }

    MessageType schema(OutputRecord r) {
        if (r instanceof OutputRecord.Window) return windows;
        if (r instanceof OutputRecord.Jump) return jumps;
        return events;
    }

    Group row(OutputRecord r) {
        Group g = new SimpleGroupFactory(schema(r)).newGroup();
        if (r instanceof OutputRecord.Window w) {
            g.append("sensor_id", w.sensorId()).append("window_name", w.windowName()).append("window_kind", w.windowKind())
                    .append("window_start_utc", w.startMs()).append("window_end_utc", w.endMs()).append("emit", w.emit().code())
                    .append("revision", w.revision()).append("count_readings", w.summary().readings())
                    .append("processing_time_utc", w.processingTimeMs());
            List<MetricSummary> metrics = w.summary().metrics();
            for (int i = 0; i < Math.min(metrics.size(), metricColumns.length); i++) { // positional, as the JSON's order
                MetricSummary m = metrics.get(i);
                String[] columns = metricColumns[i];
                double[] values = {m.mean(), m.max(), m.min(), Double.NaN, m.sum(), m.stddev(), m.first(), m.last(), m.ratePerSecond()};
                for (int s = 0; s < STEMS.length; s++) {
                    if (s == 3) g.append(columns[s], m.count());
                    else number(g, columns[s], values[s]);
                }
                for (int q = 0; q < Math.min(m.quantiles().size(), columns.length - STEMS.length); q++) {
                    number(g, columns[STEMS.length + q], m.quantiles().get(q));
                }
            }
            if (!w.summary().tags().isEmpty()) {
                Group map = g.addGroup("tags");
                for (Map.Entry<String, String> t : w.summary().tags().entrySet()) {
                    map.addGroup(0).append("key", t.getKey()).append("value", t.getValue());
                }
            }
        } else if (r instanceof OutputRecord.Jump j) {
            JumpAlert a = j.alert();
            g.append("sensor_id", a.sensorId()).append("metric", a.metric()).append("timestamp_utc", a.eventTimeMs());
            number(g, "current_value", a.currentValue());
            number(g, "previous_value", a.previousValue());
            number(g, "delta", a.delta());
            number(g, "threshold", a.threshold());
            if (a.previousEventTimeMs() != Long.MIN_VALUE) g.append("previous_timestamp_utc", a.previousEventTimeMs());
            g.append("alert_time_utc", j.alertTimeMs());
        } else {
            OutputRecord.Event oe = (OutputRecord.Event) r;
            AlertEvent e = oe.event();
            g.append("alert_id", e.alertId()).append("state", e.state().name()).append("sensor_id", e.sensorId());
            if (e.metric() != null) g.append("metric", e.metric());
            g.append("detector", e.detector()).append("severity", e.severity().code());
            number(g, "value", e.value());
            number(g, "score", e.score());
            number(g, "expected", e.expected());
            number(g, "lower", e.lower());
            number(g, "upper", e.upper());
            g.append("timestamp_utc", e.eventTimeMs());
            if (e.firingSinceMs() > 0) g.append("firing_since_utc", e.firingSinceMs());
            g.append("alert_time_utc", oe.alertTimeMs());
        }
        return g;
    }

    /** A value that does not exist (NaN, ±infinity: the JSON's null) is a null, not a number. */
    private static void number(Group g, String field, double v) {
        if (Double.isFinite(v)) g.append(field, v);
    }
}
