package io.sensorstream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sensorstream sink} stops with exit code 1 and one line when a sink fails permanently: here PostgreSQL holds
 * tables of a newer schema version than this build writes (a real server; the sink fails before reading Kafka).
 * Without sinks configured it is a one-line configuration error (exit 2).
 */
class SinkCommandTest {

    @TempDir
    Path dir;

    @Test
    void aPermanentFailureExitsOneWithOneLine() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             io.sensorstream.app.broker.EmbeddedKafkaBroker kafka = new io.sensorstream.app.broker.EmbeddedKafkaBroker(
                     io.sensorstream.app.testing.Ports.free(), dir.resolve("kafka"), 1, java.util.Map.of()).start(java.time.Duration.ofSeconds(90))) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE sensorstream_schema (component text PRIMARY KEY, version int NOT NULL)");
                st.execute("INSERT INTO sensorstream_schema VALUES ('postgres-sink', 99)");
            }
            Path yaml = dir.resolve("sinks.yaml");
            Files.writeString(yaml, String.join("\n", "bootstrap-servers: " + kafka.bootstrapServers(), "topics: {create: false}", "sinks:",
                    "  - {type: postgres, jdbc-url: \"" + pg.getJdbcUrl("postgres", "postgres") + "\", username: postgres}", ""));
            StringWriter err = new StringWriter();
            int code = SensorstreamCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "sink", "--config",
                    yaml.toString());
            assertThat(code).isEqualTo(1);
        }
        Path none = dir.resolve("none.yaml");
        Files.writeString(none, "bootstrap-servers: localhost:1\n");
        StringWriter err = new StringWriter();
        int code = SensorstreamCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "sink", "--config",
                none.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: no sinks configured: add a sinks: list to " + none);
    }
}
