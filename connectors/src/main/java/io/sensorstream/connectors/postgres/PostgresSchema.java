package io.sensorstream.connectors.postgres;

import io.sensorstream.core.format.OutputJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables of the PostgreSQL sink, schema version 1. Columns are named after the JSON fields of the output formats
 * ({@code README "Message formats"}); times are {@code timestamptz}. Per metric {@code m} the window table has
 * {@code avg_m, max_m, min_m, count_m, sum_m, stddev_m, first_m, last_m, rate_m} and one column per configured
 * percentile ({@code p50_m}); a metric or percentile added to the configuration later adds its columns
 * ({@code ADD COLUMN IF NOT EXISTS}), nothing is ever dropped.
 *
 * <pre>
 * sensor_window_results (sensor_id, window_name, window_start_utc) primary key; upserted, newest revision wins
 * sensor_jump_alerts    (sensor_id, metric, timestamp_utc)         primary key; written once
 * sensor_alert_events   (alert_id, state)                          primary key; written once
 * sensorstream_schema   (component, version)                       the schema version this sink created
 * </pre>
 */
final class PostgresSchema {

    static final int VERSION = 1;
    static final String WINDOWS = "sensor_window_results";
    static final String JUMPS = "sensor_jump_alerts";
    static final String EVENTS = "sensor_alert_events";

    private static final String[] STEMS = {"avg_", "max_", "min_", "count_", "sum_", "stddev_", "first_", "last_", "rate_"};

    private final List<String> metrics;
    private final List<Double> percentiles;

    PostgresSchema(List<String> metrics, List<Double> percentiles) {
        this.metrics = List.copyOf(metrics);
        this.percentiles = List.copyOf(percentiles);
    }

    /** Per-metric statistic columns of the window table, in the order {@link PostgresSink} binds them. */
    List<String> statisticColumns() {
        List<String> columns = new ArrayList<>();
        for (String m : metrics) {
            for (String stem : STEMS) columns.add(stem + m);
            for (double p : percentiles) columns.add(OutputJson.percentileName(p) + "_" + m);
        }
        return columns;
    }

    static boolean isCount(String column) {
        return column.startsWith("count_");
    }

    List<String> ddl() {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE TABLE IF NOT EXISTS sensorstream_schema (component text PRIMARY KEY, version int NOT NULL)");
        sql.add("CREATE TABLE IF NOT EXISTS " + WINDOWS + " ("
                + "sensor_id text NOT NULL, window_name text NOT NULL, window_start_utc timestamptz NOT NULL, "
                + "window_end_utc timestamptz NOT NULL, window_kind text NOT NULL, emit text NOT NULL, revision int NOT NULL, "
                + "count_readings bigint NOT NULL, processing_time_utc timestamptz NOT NULL, tags jsonb, "
                + "PRIMARY KEY (sensor_id, window_name, window_start_utc))");
        for (String c : statisticColumns()) {
            sql.add("ALTER TABLE " + WINDOWS + " ADD COLUMN IF NOT EXISTS " + quote(c) + (isCount(c) ? " bigint" : " double precision"));
        }
        sql.add("CREATE TABLE IF NOT EXISTS " + JUMPS + " ("
                + "sensor_id text NOT NULL, metric text NOT NULL, timestamp_utc timestamptz NOT NULL, current_value double precision, "
                + "previous_value double precision, delta double precision, threshold double precision, "
                + "previous_timestamp_utc timestamptz, alert_time_utc timestamptz NOT NULL, "
                + "PRIMARY KEY (sensor_id, metric, timestamp_utc))");
        sql.add("CREATE TABLE IF NOT EXISTS " + EVENTS + " ("
                + "alert_id text NOT NULL, state text NOT NULL, sensor_id text NOT NULL, metric text, detector text NOT NULL, "
                + "severity text NOT NULL, value double precision, score double precision, expected double precision, "
                + "lower double precision, upper double precision, timestamp_utc timestamptz NOT NULL, "
                + "firing_since_utc timestamptz, alert_time_utc timestamptz NOT NULL, PRIMARY KEY (alert_id, state))");
        sql.add("INSERT INTO sensorstream_schema VALUES ('postgres-sink', " + VERSION + ") ON CONFLICT (component) DO NOTHING");
        return sql;
    }

    /** Every column of the window table, in the order rows are bound or copied. */
    List<String> windowColumns() {
        List<String> columns = new ArrayList<>(List.of("sensor_id", "window_name", "window_start_utc", "window_end_utc",
                "window_kind", "emit", "revision", "count_readings", "processing_time_utc", "tags"));
        columns.addAll(statisticColumns());
        return columns;
    }

    static final String STAGE = "sensorstream_windows_stage";

    /** A per-connection staging table for COPY, emptied at each commit. */
    String stageDdl() {
        return "CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (LIKE " + WINDOWS + ") ON COMMIT DELETE ROWS";
    }

    String copyIntoStage() {
        return "COPY " + STAGE + " (" + String.join(", ", windowColumns().stream().map(PostgresSchema::quote).toList())
                + ") FROM STDIN (FORMAT csv)";
    }

    /** The staged rows merged with the same rule as {@link #windowUpsert}: a higher (revision, processing time) wins. */
    String mergeFromStage() {
        List<String> columns = windowColumns().stream().map(PostgresSchema::quote).toList();
        StringBuilder updates = new StringBuilder();
        for (int i = 3; i < columns.size(); i++) {
            updates.append(i == 3 ? "" : ", ").append(columns.get(i)).append(" = EXCLUDED.").append(columns.get(i));
        }
        return "INSERT INTO " + WINDOWS + " (" + String.join(", ", columns) + ") SELECT " + String.join(", ", columns) + " FROM "
                + STAGE + " ON CONFLICT (sensor_id, window_name, window_start_utc) DO UPDATE SET " + updates + " WHERE ("
                + WINDOWS + ".revision, " + WINDOWS + ".processing_time_utc) < (EXCLUDED.revision, EXCLUDED.processing_time_utc)";
    }

    String windowUpsert() {
        List<String> columns = windowColumns();
        StringBuilder sb = new StringBuilder("INSERT INTO " + WINDOWS + " (");
        StringBuilder values = new StringBuilder();
        StringBuilder updates = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            String c = quote(columns.get(i));
            sb.append(i == 0 ? "" : ", ").append(c);
            values.append(i == 0 ? "?" : columns.get(i).equals("tags") ? ", ?::jsonb" : ", ?");
            if (i >= 3) {
                updates.append(i == 3 ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
            }
        }
        return sb.append(") VALUES (").append(values).append(") ON CONFLICT (sensor_id, window_name, window_start_utc) DO UPDATE SET ")
                .append(updates).append(" WHERE (").append(WINDOWS).append(".revision, ").append(WINDOWS)
                .append(".processing_time_utc) < (EXCLUDED.revision, EXCLUDED.processing_time_utc)").toString();
    }

    String jumpInsert() {
        return "INSERT INTO " + JUMPS + " (sensor_id, metric, timestamp_utc, current_value, previous_value, delta, threshold, "
                + "previous_timestamp_utc, alert_time_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    }

    String eventInsert() {
        return "INSERT INTO " + EVENTS + " (alert_id, state, sensor_id, metric, detector, severity, value, score, expected, "
                + "lower, upper, timestamp_utc, firing_since_utc, alert_time_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING";
    }

    /** A quoted identifier: metric names may hold characters SQL does not allow bare. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
