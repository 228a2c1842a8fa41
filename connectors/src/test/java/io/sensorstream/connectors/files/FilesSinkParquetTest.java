package io.sensorstream.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet files read back by an independent reader, DuckDB's JDBC driver: every value of every record, nulls where
 * the JSON has null, timestamps as UTC instants, tags as a map; with each compression, across files rolled by size.
 */
class FilesSinkParquetTest {

    private static final long T0 = 1_700_006_400_000L; // 2023-11-15T00:00:00Z

    @TempDir
    Path dir;

    private static SinkRecord window(long offset, String sensor, long start, SplittableRandom random) {
        double mean = 20 + random.nextDouble(-3, 3);
        double rate = offset % 7 == 0 ? Double.NaN : random.nextDouble(); // null in JSON: a single instant
        MetricSummary m = new MetricSummary(60, mean * 60, mean, mean - 1, mean + 1, offset % 5 == 0 ? Double.NaN : 0.5,
                mean - 0.5, mean + 0.5, rate, List.of(mean, mean + 0.8, offset % 3 == 0 ? Double.NaN : mean + 0.9));
        OutputRecord.Window w = new OutputRecord.Window(sensor, "tumbling-1m", "tumbling", start, start + 60_000,
                offset % 4 == 0 ? EmitKind.UPDATE : EmitKind.FINAL, (int) (offset % 4 == 0 ? 1 : 0), start + 65_000,
                new WindowSummary(60, List.of(m), offset % 2 == 0 ? Map.of("site", "lab-" + offset % 3, "line", "b") : Map.of()));
        return new SinkRecord(w, new byte[0], "sensor-readings-aggregated", 0, offset, start);
    }

    @ParameterizedTest
    @EnumSource(value = FilesSink.Compression.class, names = {"SNAPPY", "ZSTD"})
    void everyValueReadsBackWithDuckDb(FilesSink.Compression compression) throws Exception {
        FilesSink sink = new FilesSink("files", dir, new FilesSink.Settings(FilesSink.Format.PARQUET, compression, 40_000,
                Duration.ofHours(1)), List.of("temperature"), List.of(0.5, 0.95, 0.99), () -> 0L);
        sink.open();
        SplittableRandom random = new SplittableRandom(7);
        List<SinkRecord> windows = new ArrayList<>();
        for (int o = 0; o < 3_000; o++) windows.add(window(o, "sensor-" + o % 50, T0 + (o / 50) * 60_000L, random));
        for (int i = 0; i < windows.size(); i += 500) sink.write(windows.subList(i, i + 500));
        JumpAlert first = new JumpAlert("s-1", "temperature", 35.5, 20.25, 15.25, 5, T0 + 1_000, T0);
        JumpAlert noPrevious = new JumpAlert("s-2", "temperature", 30, Double.NaN, Double.NaN, 5, T0 + 2_000, Long.MIN_VALUE);
        sink.write(List.of(new SinkRecord(new OutputRecord.Jump(first, T0 + 6_000), new byte[0], "sensor-alerts", 1, 4, T0),
                new SinkRecord(new OutputRecord.Jump(noPrevious, T0 + 7_000), new byte[0], "sensor-alerts", 1, 5, T0)));
        AlertEvent firing = new AlertEvent("s-1/temperature/range/" + T0, AlertState.FIRING, "s-1", "temperature", "range",
                Severity.CRITICAL, 312.5, 12.5, Double.NaN, 0, 300, T0, T0);
        AlertEvent silent = new AlertEvent("s-2/*/silent/" + T0, AlertState.RESOLVED, "s-2", null, "silent", Severity.CRITICAL,
                Double.NaN, 30, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, T0 + 30_000, 0);
        sink.write(List.of(new SinkRecord(new OutputRecord.Event(firing, T0 + 100), new byte[0], "sensor-alert-events", 2, 0, T0),
                new SinkRecord(new OutputRecord.Event(silent, T0 + 30_100), new byte[0], "sensor-alert-events", 2, 1, T0)));
        sink.close(); // nothing is finished by age: close drops the open files, as a stop does
        long finishedWindows;
        try (Stream<Path> files = Files.walk(dir.resolve("windows"))) {
            finishedWindows = files.filter(p -> p.toString().endsWith(".parquet")).count();
        }
        assertThat(finishedWindows).as("rolled by size: several finished files").isGreaterThan(1);

        // write everything again in a fresh sink that finishes every batch, and read all of it
        Files.walk(dir).sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        FilesSink perBatch = new FilesSink("files", dir, new FilesSink.Settings(FilesSink.Format.PARQUET, compression, 40_000,
                Duration.ZERO), List.of("temperature"), List.of(0.5, 0.95, 0.99), () -> 0L);
        perBatch.write(windows);
        perBatch.write(List.of(new SinkRecord(new OutputRecord.Jump(first, T0 + 6_000), new byte[0], "sensor-alerts", 1, 4, T0),
                new SinkRecord(new OutputRecord.Jump(noPrevious, T0 + 7_000), new byte[0], "sensor-alerts", 1, 5, T0)));
        perBatch.write(List.of(new SinkRecord(new OutputRecord.Event(firing, T0 + 100), new byte[0], "sensor-alert-events", 2, 0, T0),
                new SinkRecord(new OutputRecord.Event(silent, T0 + 30_100), new byte[0], "sensor-alert-events", 2, 1, T0)));

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = s.executeQuery("SELECT sensor_id, window_name, window_kind, epoch_ms(window_start_utc), "
                    + "epoch_ms(window_end_utc), emit, revision, count_readings, epoch_ms(processing_time_utc), avg_temperature, "
                    + "max_temperature, min_temperature, count_temperature, sum_temperature, stddev_temperature, first_temperature, "
                    + "last_temperature, rate_temperature, p50_temperature, p95_temperature, p99_temperature, "
                    + "tags['site'], tags['line'], cardinality(tags) FROM '" + dir.resolve("windows") + "/*/*.parquet' ORDER BY "
                    + "window_start_utc, sensor_id")) {
                List<SinkRecord> expected = new ArrayList<>(windows);
                expected.sort(Comparator.comparingLong((SinkRecord r) -> ((OutputRecord.Window) r.output()).startMs())
                        .thenComparing(r -> r.output().sensorId()));
                int n = 0;
                while (rs.next()) {
                    OutputRecord.Window w = (OutputRecord.Window) expected.get(n++).output();
                    MetricSummary m = w.summary().metrics().get(0);
                    assertThat(rs.getString(1)).isEqualTo(w.sensorId());
                    assertThat(rs.getString(2)).isEqualTo(w.windowName());
                    assertThat(rs.getString(3)).isEqualTo(w.windowKind());
                    assertThat(rs.getLong(4)).isEqualTo(w.startMs());
                    assertThat(rs.getLong(5)).isEqualTo(w.endMs());
                    assertThat(rs.getString(6)).isEqualTo(w.emit().code());
                    assertThat(rs.getInt(7)).isEqualTo(w.revision());
                    assertThat(rs.getLong(8)).isEqualTo(w.summary().readings());
                    assertThat(rs.getLong(9)).isEqualTo(w.processingTimeMs());
                    double[] values = {m.mean(), m.max(), m.min(), m.count(), m.sum(), m.stddev(), m.first(), m.last(), m.ratePerSecond(),
                            m.quantiles().get(0), m.quantiles().get(1), m.quantiles().get(2)};
                    for (int i = 0; i < values.length; i++) {
                        Object got = rs.getObject(10 + i);
                        if (Double.isNaN(values[i])) assertThat(got).as("column %d of %s", 10 + i, w).isNull();
                        else assertThat(((Number) got).doubleValue()).as("column %d of %s", 10 + i, w).isEqualTo(values[i]);
                    }
                    assertThat(rs.getString(22)).isEqualTo(w.summary().tags().get("site"));
                    assertThat(rs.getString(23)).isEqualTo(w.summary().tags().get("line"));
                    assertThat(rs.getObject(24) == null ? 0 : rs.getInt(24)).isEqualTo(w.summary().tags().size());
                }
                assertThat(n).isEqualTo(windows.size());
            }
            try (ResultSet rs = s.executeQuery("SELECT sensor_id, metric, epoch_ms(timestamp_utc), current_value, previous_value, "
                    + "delta, threshold, epoch_ms(previous_timestamp_utc), epoch_ms(alert_time_utc) FROM '" + dir.resolve("jump-alerts")
                    + "/*/*.parquet' ORDER BY sensor_id")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6),
                        rs.getDouble(7), rs.getLong(8), rs.getLong(9)))
                        .containsExactly("s-1", "temperature", T0 + 1_000, 35.5, 20.25, 15.25, 5.0, T0, T0 + 6_000);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(5)).isNull();
                assertThat(rs.getObject(8)).as("no previous reading").isNull();
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = s.executeQuery("SELECT alert_id, state, sensor_id, metric, detector, severity, value, score, "
                    + "expected, lower, upper, timestamp_utc, firing_since_utc, alert_time_utc FROM '" + dir.resolve("alert-events")
                    + "/*/*.parquet' ORDER BY alert_time_utc")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getDouble(7), rs.getDouble(8), rs.getDouble(10), rs.getDouble(11)))
                        .containsExactly(firing.alertId(), "FIRING", "s-1", "temperature", "range", Severity.CRITICAL.code(), 312.5, 12.5,
                                0.0, 300.0);
                assertThat(rs.getObject(9)).isNull();
                assertThat(rs.getTimestamp(12)).isEqualTo(Timestamp.from(Instant.ofEpochMilli(T0)));
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(4)).as("a whole-sensor alert has no metric").isNull();
                assertThat(rs.getObject(7)).isNull();
                assertThat(rs.getObject(10)).as("an unbounded band is null").isNull();
                assertThat(rs.getObject(13)).isNull();
                assertThat(rs.next()).isFalse();
            }
        }
    }
}
