package io.sensorstream.bench.sink;

import io.sensorstream.connectors.files.FilesSink;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Window rows per second the files sink writes to the local disk, each format side by side in one run (twice, after a
 * warm-up): batches of 5 000 final window results (seed metrics and p50/p95/p99) from 4 partitions, files rolled at
 * 64 MB or at the end of the run, every file synced and renamed. Prints {@code format rows rows_per_s bytes_per_row}.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sensorstream.bench.sink.FilesSinkThroughput [rows] [batch]}.
 */
public final class FilesSinkThroughput {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        List<SinkRecord> records = records(rows);
        List<FilesSink.Settings> contenders = List.of(
                new FilesSink.Settings(FilesSink.Format.JSONL, FilesSink.Compression.SNAPPY, 64L << 20, Duration.ofHours(1)),
                new FilesSink.Settings(FilesSink.Format.CSV, FilesSink.Compression.SNAPPY, 64L << 20, Duration.ofHours(1)),
                new FilesSink.Settings(FilesSink.Format.PARQUET, FilesSink.Compression.SNAPPY, 64L << 20, Duration.ofHours(1)),
                new FilesSink.Settings(FilesSink.Format.PARQUET, FilesSink.Compression.ZSTD, 64L << 20, Duration.ofHours(1)));
        for (int round = 0; round < 3; round++) {
            for (FilesSink.Settings s : contenders) {
                Path dir = Files.createTempDirectory("files-sink-bench-");
                try {
                    int n = round == 0 ? Math.min(rows, 200_000) : rows; // round 0 warms the JIT up
                    long started = System.nanoTime();
                    FilesSink sink = new FilesSink("bench", dir, s, List.of("temperature"), List.of(0.5, 0.95, 0.99));
                    sink.open();
                    for (int done = 0; done < n; done += batch) sink.write(records.subList(done, Math.min(n, done + batch)));
                    sink.finishAll();
                    double secs = (System.nanoTime() - started) / 1e9;
                    long bytes;
                    try (Stream<Path> files = Files.walk(dir)) {
                        bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
                    }
                    if (round > 0) {
                        System.out.printf("%s%s rows=%d rows_per_s=%.0f bytes_per_row=%.1f%n", s.format().name().toLowerCase(),
                                s.format() == FilesSink.Format.PARQUET ? "/" + s.compression().name().toLowerCase() : "", n, n / secs,
                                bytes / (double) n);
                    }
                } finally {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    private static List<SinkRecord> records(int rows) {
        List<SinkRecord> out = new ArrayList<>(rows);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < rows; i++) {
            double avg = 20 + (i % 7) * 0.1;
            MetricSummary m = new MetricSummary(60, avg * 60, avg, avg - 2, avg + 2, 0.8, avg, avg + 0.1, 0.01, List.of(avg, avg + 1.5, avg + 1.9));
            long start = t0 + (i / 10_000) * 60_000L;
            OutputRecord.Window w = new OutputRecord.Window("sensor-" + (i % 10_000), "tumbling-1m", "tumbling", start, start + 60_000,
                    EmitKind.FINAL, 0, start + 65_000, new WindowSummary(60, List.of(m), Map.of()));
            byte[] json = String.format(Locale.ROOT, "{\"sensor_id\":\"%s\",\"window_start_utc\":%d,\"window_end_utc\":%d,"
                    + "\"avg_temperature\":%s,\"max_temperature\":%s,\"min_temperature\":%s,\"count_readings\":60,"
                    + "\"processing_time_utc\":%d,\"schema\":\"sensorstream.window.v2\",\"window_name\":\"tumbling-1m\","
                    + "\"window_kind\":\"tumbling\",\"emit\":\"final\",\"revision\":0,\"count_temperature\":60,"
                    + "\"sum_temperature\":%s,\"stddev_temperature\":0.8,\"first_temperature\":%s,\"last_temperature\":%s,"
                    + "\"rate_temperature\":0.01,\"p50_temperature\":%s,\"p95_temperature\":%s,\"p99_temperature\":%s}",
                    w.sensorId(), start, start + 60_000, avg, avg + 2, avg - 2, start + 65_000, avg * 60, avg, avg + 0.1, avg, avg + 1.5,
                    avg + 1.9).getBytes(StandardCharsets.UTF_8); // the shape of a published result (README "Message formats")
            out.add(new SinkRecord(w, json, "sensor-readings-aggregated", i % 4, i / 4, start));
        }
        return out;
    }
}
