package io.sensorstream.connectors.files;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.format.OutputJson;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
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

    /**
     * Writes one row straight to Parquet's column writers, field by field in schema order (no intermediate row objects:
     * the sink's profile had a third of its thread in building {@code Group}s). Each {@link Row} call stands for the
     * next field of the schema, so a value that does not exist is skipped but still advances the field index.
     */
    void write(RecordConsumer c, OutputRecord r) {
        Row row = new Row(c, schema(r));
        c.startMessage();
        if (r instanceof OutputRecord.Window w) {
            row.string(w.sensorId()).string(w.windowName()).string(w.windowKind())
                    .int64(w.startMs()).int64(w.endMs()).string(w.emit().code())
                    .int32(w.revision()).int64(w.summary().readings()).int64(w.processingTimeMs());
            List<MetricSummary> metrics = w.summary().metrics();
            for (int i = 0; i < metricColumns.length; i++) { // positional, as the JSON's order
                if (i >= metrics.size()) {
                    row.skip(metricColumns[i].length);
                    continue;
                }
                MetricSummary m = metrics.get(i);
                row.number(m.mean()).number(m.max()).number(m.min()).int64(m.count()).number(m.sum())
                        .number(m.stddev()).number(m.first()).number(m.last()).number(m.ratePerSecond());
                int quantiles = metricColumns[i].length - STEMS.length;
                for (int q = 0; q < quantiles; q++) {
                    if (q < m.quantiles().size()) row.number(m.quantiles().get(q));
                    else row.skip(1);
                }
            }
            row.map(w.summary().tags());
        } else if (r instanceof OutputRecord.Jump j) {
            JumpAlert a = j.alert();
            row.string(a.sensorId()).string(a.metric()).int64(a.eventTimeMs())
                    .number(a.currentValue()).number(a.previousValue()).number(a.delta()).number(a.threshold());
            if (a.previousEventTimeMs() != Long.MIN_VALUE) row.int64(a.previousEventTimeMs());
            else row.skip(1);
            row.int64(j.alertTimeMs());
        } else {
            OutputRecord.Event oe = (OutputRecord.Event) r;
            AlertEvent e = oe.event();
            row.string(e.alertId()).string(e.state().name()).string(e.sensorId()).string(e.metric())
                    .string(e.detector()).string(e.severity().code())
                    .number(e.value()).number(e.score()).number(e.expected()).number(e.lower()).number(e.upper())
                    .int64(e.eventTimeMs());
            if (e.firingSinceMs() > 0) row.int64(e.firingSinceMs());
            else row.skip(1);
            row.int64(oe.alertTimeMs());
        }
        c.endMessage();
    }

    /** The next field of a row being written; null (a skipped field) when the value does not exist. */
    private static final class Row {
        private final RecordConsumer c;
        private final MessageType schema;
        private int field;

        Row(RecordConsumer c, MessageType schema) {
            this.c = c;
            this.schema = schema;
        }

        private String start() {
            String name = schema.getFieldName(field);
            c.startField(name, field);
            return name;
        }

        private void end(String name) {
            c.endField(name, field++);
        }

        Row string(String v) {
            if (v == null) return skip(1);
            String name = start();
            c.addBinary(Binary.fromString(v));
            end(name);
            return this;
        }

        Row int64(long v) {
            String name = start();
            c.addLong(v);
            end(name);
            return this;
        }

        Row int32(int v) {
            String name = start();
            c.addInteger(v);
            end(name);
            return this;
        }

        /** A value that does not exist (NaN, ±infinity: the JSON's null) is a null, not a number. */
        Row number(double v) {
            if (!Double.isFinite(v)) return skip(1);
            String name = start();
            c.addDouble(v);
            end(name);
            return this;
        }

        Row skip(int fields) {
            field += fields;
            return this;
        }

        /** A {@code MAP<STRING, STRING>}: null when empty. */
        Row map(Map<String, String> entries) {
            if (entries.isEmpty()) return skip(1);
            String name = start();
            GroupType keyValue = schema.getType(name).asGroupType().getType(0).asGroupType();
            String kv = keyValue.getName();
            c.startGroup();
            c.startField(kv, 0);
            for (Map.Entry<String, String> t : entries.entrySet()) {
                c.startGroup();
                c.startField(keyValue.getFieldName(0), 0);
                c.addBinary(Binary.fromString(t.getKey()));
                c.endField(keyValue.getFieldName(0), 0);
                if (t.getValue() != null) {
                    c.startField(keyValue.getFieldName(1), 1);
                    c.addBinary(Binary.fromString(t.getValue()));
                    c.endField(keyValue.getFieldName(1), 1);
                }
                c.endGroup();
            }
            c.endField(kv, 0);
            c.endGroup();
            end(name);
            return this;
        }
    }
}
