package io.sensorstream.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard over the PostgreSQL sink's tables ({@code deploy/grafana/dashboards/sensorstream-postgres.json})
 * against a real PostgreSQL filled by the sink: every panel's SQL and every variable's query runs and returns rows, with
 * Grafana's macros expanded as Grafana does ({@code $__timeFilter(c)} → {@code c BETWEEN … AND …}, a multi-value
 * variable → a quoted list). No Grafana here: this checks the queries, not the rendering.
 */
class GrafanaPostgresDashboardTest {

    private static final long T0 = 1_700_000_040_000L;
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([a-z_.]+)\\)");

    @Test
    void everyPanelQueryRunsAgainstTheSinkTables() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of(System.getProperty("user.dir")).getParent()
                .resolve("deploy/grafana/dashboards/sensorstream-postgres.json").toFile());
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             PostgresSink sink = new PostgresSink("postgres", new PostgresSink.PostgresSettings(pg.getJdbcUrl("postgres", "postgres"),
                     "postgres", "", true), List.of("temperature"), List.of(0.5, 0.95, 0.99))) {
            sink.open();
            List<SinkRecord> rows = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                double avg = 20 + i % 5;
                MetricSummary m = new MetricSummary(60, avg * 60, avg, avg - 1, avg + 1, 0.5, avg, avg, 0.0, List.of(avg, avg + 0.8, avg + 0.9));
                rows.add(SinkRecord.of(new OutputRecord.Window("sensor-" + i % 4, "tumbling-1m", "tumbling", T0 + (i / 4) * 60_000L,
                        T0 + (i / 4 + 1) * 60_000L, EmitKind.FINAL, 0, T0 + (i / 4 + 1) * 60_000L + 5_000,
                        new WindowSummary(60, List.of(m), Map.of()))));
            }
            rows.add(SinkRecord.of(new OutputRecord.Jump(new JumpAlert("sensor-1", "temperature", 30, 20, 10, 5, T0 + 5_000, T0), T0 + 9_000)));
            rows.add(SinkRecord.of(new OutputRecord.Event(new AlertEvent("sensor-2/temperature/range/" + T0, AlertState.FIRING, "sensor-2",
                    "temperature", "range", Severity.CRITICAL, 312, 12, Double.NaN, 0, 300, T0, T0), T0 + 100)));
            sink.write(rows);

            List<String> queries = new ArrayList<>();
            for (JsonNode variable : dashboard.path("templating").path("list")) queries.add(variable.get("query").asText());
            for (JsonNode panel : dashboard.get("panels")) {
                assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("sensorstream-postgres");
                for (JsonNode target : panel.get("targets")) queries.add(target.get("rawSql").asText());
            }
            assertThat(queries).hasSizeGreaterThan(8);
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                for (String q : queries) {
                    String sql = expand(q);
                    try (ResultSet rs = st.executeQuery(sql)) {
                        assertThat(rs.next()).as("rows from: %s", sql).isTrue();
                        assertThat(rs.getObject(1)).as("first value of: %s", sql).isNotNull();
                    }
                }
            }
        }
    }

    /** Grafana's expansion of the macros and variables the dashboard uses, for a range around the test data. */
    private static String expand(String sql) {
        Matcher m = TIME_FILTER.matcher(sql);
        String out = m.replaceAll(r -> r.group(1) + " BETWEEN '2023-11-14T00:00:00Z' AND '2023-11-16T00:00:00Z'");
        return out.replace("$sensor", "'sensor-0','sensor-1','sensor-2'").replace("$window", "tumbling-1m");
    }
}
