package io.sensorstream.connectors.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sensorstream.connectors.sink.Sink;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes window results, jump alerts and alert events into PostgreSQL ({@link PostgresSchema}), one transaction per
 * batch. Idempotent: a window row is replaced only by a higher {@code (revision, processing_time_utc)}, so a replayed
 * batch or an older revision changes nothing; alerts and events are facts, inserted once ({@code ON CONFLICT DO
 * NOTHING}). Within a batch a window keeps only its newest version (one row per key per statement).
 *
 * <p>When the TimescaleDB extension is installed, the window table is made a hypertable on {@code window_start_utc}.
 */
public final class PostgresSink implements Sink {

    private final String name;
    private final PostgresSettings settings;
    private final PostgresSchema schema;
    private final List<String> statistics;
    private final int percentileCount;
    private final String windowSql;
    private final JsonFactory json = new JsonFactory();
    private HikariDataSource pool;
    private boolean hypertable;

    public PostgresSink(String name, PostgresSettings settings, List<String> metrics, List<Double> percentiles) {
        this.name = name;
        this.settings = settings;
        this.schema = new PostgresSchema(metrics, percentiles);
        this.statistics = schema.statisticColumns();
        this.percentileCount = percentiles.size();
        this.windowSql = schema.windowUpsert();
    }

    @Override
    public String name() {
        return name;
    }

    /** Whether {@link #open} found TimescaleDB and made the window table a hypertable. */
    public boolean hypertable() {
        return hypertable;
    }

    @Override
    public void open() throws SQLException {
        if (pool == null) {
            HikariConfig c = new HikariConfig();
            c.setJdbcUrl(settings.jdbcUrl());
            c.setUsername(settings.username());
            c.setPassword(settings.password());
            c.setMaximumPoolSize(2);
            c.setAutoCommit(false);
            c.setPoolName("sink-" + name);
            c.setConnectionTimeout(10_000);
            c.addDataSourceProperty("reWriteBatchedInserts", "true");
            c.addDataSourceProperty("connectTimeout", "10");
            pool = new HikariDataSource(c);
        }
        try (Connection conn = pool.getConnection(); Statement st = conn.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(7337001)"); // one sink at a time creates tables
            List<String> ddl = schema.ddl();
            st.execute(ddl.get(0)); // the version table first: a newer schema is refused before anything else is touched
            var rs = st.executeQuery("SELECT version FROM sensorstream_schema WHERE component = 'postgres-sink'");
            int version = rs.next() ? rs.getInt(1) : PostgresSchema.VERSION;
            if (version > PostgresSchema.VERSION) {
                conn.rollback();
                throw new SQLException("the tables were made by a newer sensorstream (schema version " + version
                        + ", this build writes " + PostgresSchema.VERSION + ")", "42000");
            }
            for (String statement : ddl.subList(1, ddl.size())) {
                st.execute(statement);
            }
            hypertable = st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'").next();
            if (hypertable) {
                st.execute("SELECT create_hypertable('" + PostgresSchema.WINDOWS + "', 'window_start_utc', if_not_exists => TRUE, "
                        + "migrate_data => TRUE)");
            }
            conn.commit();
        }
    }

    @Override
    public void write(List<SinkRecord> records) throws SQLException {
        List<OutputRecord> batch = new ArrayList<>(records.size());
        for (SinkRecord r : records) {
            batch.add(r.output());
        }
        Map<List<Object>, OutputRecord.Window> windows = new LinkedHashMap<>();
        List<JumpAlert> jumps = new ArrayList<>();
        List<OutputRecord.Event> events = new ArrayList<>();
        for (OutputRecord r : batch) {
            if (r instanceof OutputRecord.Window w) {
                windows.merge(List.of(w.sensorId(), w.windowName(), w.startMs()), w, PostgresSink::newer);
            } else if (r instanceof OutputRecord.Jump j) {
                jumps.add(j.alert());
            } else if (r instanceof OutputRecord.Event e) {
                events.add(e);
            }
        }
        Map<JumpKey, Long> alertTimes = new LinkedHashMap<>();
        for (OutputRecord r : batch) {
            if (r instanceof OutputRecord.Jump j) alertTimes.putIfAbsent(JumpKey.of(j.alert()), j.alertTimeMs());
        }
        try (Connection conn = pool.getConnection()) {
            try {
                if (!windows.isEmpty()) writeWindows(conn, windows.values());
                if (!jumps.isEmpty()) writeJumps(conn, jumps, alertTimes);
                if (!events.isEmpty()) writeEvents(conn, events);
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    conn.rollback();
                } catch (SQLException rollback) { // the connection is gone: the failure that matters is the first
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    private static OutputRecord.Window newer(OutputRecord.Window a, OutputRecord.Window b) {
        if (a.revision() != b.revision()) return a.revision() > b.revision() ? a : b;
        return b.processingTimeMs() >= a.processingTimeMs() ? b : a;
    }

    private void writeWindows(Connection conn, Iterable<OutputRecord.Window> windows) throws SQLException {
        if (settings.copy()) {
            copyWindows(conn, windows);
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(windowSql)) {
            for (OutputRecord.Window w : windows) {
                int i = 1;
                ps.setString(i++, w.sensorId());
                ps.setString(i++, w.windowName());
                ps.setObject(i++, time(w.startMs()));
                ps.setObject(i++, time(w.endMs()));
                ps.setString(i++, w.windowKind());
                ps.setString(i++, w.emit().code());
                ps.setInt(i++, w.revision());
                ps.setLong(i++, w.summary().readings());
                ps.setObject(i++, time(w.processingTimeMs()));
                if (w.summary().tags().isEmpty()) {
                    ps.setNull(i++, Types.VARCHAR);
                } else {
                    ps.setString(i++, tagsJson(w.summary().tags()));
                }
                int column = 0;
                for (MetricSummary m : w.summary().metrics()) {
                    double[] stats = {m.mean(), m.max(), m.min(), Double.NaN, m.sum(), m.stddev(), m.first(), m.last(), m.ratePerSecond()};
                    for (int s = 0; s < stats.length; s++, column++) {
                        if (s == 3) {
                            ps.setLong(i++, m.count());
                        } else {
                            number(ps, i++, stats[s]);
                        }
                    }
                    for (int p = 0; p < percentileCount; p++, column++) {
                        number(ps, i++, p < m.quantiles().size() ? m.quantiles().get(p) : Double.NaN);
                    }
                }
                if (column != statistics.size()) {
                    throw new SQLException("window result of " + w.sensorId() + " has " + w.summary().metrics().size()
                            + " metrics, the sink was configured for another set: check input.* and statistics.percentiles", "42000");
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** COPY into a per-connection staging table, then one merge statement: fewer round trips than a JDBC batch. */
    private void copyWindows(Connection conn, Iterable<OutputRecord.Window> windows) throws SQLException {
        StringBuilder csv = new StringBuilder(16_384);
        for (OutputRecord.Window w : windows) {
            csvText(csv, w.sensorId()).append(',');
            csvText(csv, w.windowName()).append(',');
            csv.append(Instant.ofEpochMilli(w.startMs())).append(',').append(Instant.ofEpochMilli(w.endMs())).append(',');
            csvText(csv, w.windowKind()).append(',');
            csvText(csv, w.emit().code()).append(',').append(w.revision()).append(',').append(w.summary().readings()).append(',')
                    .append(Instant.ofEpochMilli(w.processingTimeMs())).append(',');
            if (!w.summary().tags().isEmpty()) csvText(csv, tagsJson(w.summary().tags()));
            int column = 0;
            for (MetricSummary m : w.summary().metrics()) {
                double[] stats = {m.mean(), m.max(), m.min(), Double.NaN, m.sum(), m.stddev(), m.first(), m.last(), m.ratePerSecond()};
                for (int s = 0; s < stats.length; s++, column++) {
                    csv.append(',');
                    if (s == 3) {
                        csv.append(m.count());
                    } else if (Double.isFinite(stats[s])) {
                        csv.append(stats[s]);
                    }
                }
                for (int p = 0; p < percentileCount; p++, column++) {
                    csv.append(',');
                    double q = p < m.quantiles().size() ? m.quantiles().get(p) : Double.NaN;
                    if (Double.isFinite(q)) csv.append(q);
                }
            }
            if (column != statistics.size()) {
                throw new SQLException("window result of " + w.sensorId() + " has " + w.summary().metrics().size()
                        + " metrics, the sink was configured for another set: check input.* and statistics.percentiles", "42000");
            }
            csv.append('\n');
        }
        try (Statement st = conn.createStatement()) {
            st.execute(schema.stageDdl());
            conn.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(schema.copyIntoStage(), new java.io.StringReader(csv.toString()));
            st.execute(schema.mergeFromStage());
            st.execute("TRUNCATE " + PostgresSchema.STAGE);
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), "08000", e);
        }
    }

    /** A CSV text field: always quoted (so an empty string is not NULL), quotes doubled. */
    private static StringBuilder csvText(StringBuilder csv, String v) {
        return csv.append('"').append(v.replace("\"", "\"\"")).append('"');
    }

    private void writeJumps(Connection conn, List<JumpAlert> jumps, Map<JumpKey, Long> alertTimes) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(schema.jumpInsert())) {
            for (JumpAlert a : jumps) {
                ps.setString(1, a.sensorId());
                ps.setString(2, a.metric());
                ps.setObject(3, time(a.eventTimeMs()));
                number(ps, 4, a.currentValue());
                number(ps, 5, a.previousValue());
                number(ps, 6, a.delta());
                number(ps, 7, a.threshold());
                ps.setObject(8, a.previousEventTimeMs() == Long.MIN_VALUE ? null : time(a.previousEventTimeMs()));
                ps.setObject(9, time(alertTimes.get(JumpKey.of(a))));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void writeEvents(Connection conn, List<OutputRecord.Event> events) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(schema.eventInsert())) {
            for (OutputRecord.Event oe : events) {
                AlertEvent e = oe.event();
                ps.setString(1, e.alertId());
                ps.setString(2, e.state().name());
                ps.setString(3, e.sensorId());
                ps.setString(4, e.metric());
                ps.setString(5, e.detector());
                ps.setString(6, e.severity().code());
                number(ps, 7, e.value());
                number(ps, 8, e.score());
                number(ps, 9, e.expected());
                number(ps, 10, e.lower());
                number(ps, 11, e.upper());
                ps.setObject(12, time(e.eventTimeMs()));
                ps.setObject(13, e.firingSinceMs() <= 0 ? null : time(e.firingSinceMs()));
                ps.setObject(14, time(oe.alertTimeMs()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static OffsetDateTime time(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }

    private static void number(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isFinite(v)) {
            ps.setDouble(i, v);
        } else {
            ps.setNull(i, Types.DOUBLE);
        }
    }

    private String tagsJson(Map<String, String> tags) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> t : tags.entrySet()) g.writeStringField(t.getKey(), t.getValue());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Transient: lost or refused connections (SQLSTATE class 08), serialization failures and deadlocks (40), too many
     * connections or no disk space (53), a server shutting down (57P), or the pool timing out. Everything else
     * (authentication 28, an undefined column 42, bad data 22) is permanent.
     */
    @Override
    public boolean isTransient(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof SocketException) {
                return true;
            }
            if (t instanceof SQLException e && e.getSQLState() != null) {
                String s = e.getSQLState();
                if (s.startsWith("08") || s.startsWith("40") || s.startsWith("53") || s.startsWith("57P") || s.startsWith("58")) {
                    return true;
                }
                if (e.getNextException() != null && isTransient(e.getNextException())) {
                    return true;
                }
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    private record JumpKey(String sensorId, String metric, long eventTimeMs) {
        static JumpKey of(JumpAlert a) {
            return new JumpKey(a.sensorId(), a.metric(), a.eventTimeMs());
        }
    }

    /**
     * Connection settings; the password comes from the environment or a file, never from the YAML itself.
     *
     * @param copy write window results with COPY into a staging table and one merge (else a JDBC batch of upserts)
     */
    public record PostgresSettings(String jdbcUrl, String username, String password, boolean copy) {
        public PostgresSettings {
            Objects.requireNonNull(jdbcUrl, "jdbc-url");
        }

        /** With the write method measured faster (README "Sinks"). */
        public PostgresSettings(String jdbcUrl, String username, String password) {
            this(jdbcUrl, username, password, DEFAULT_COPY);
        }
    }

    /** The faster write method in {@code PostgresSinkThroughput} on the development machine. */
    static final boolean DEFAULT_COPY = true;
}
