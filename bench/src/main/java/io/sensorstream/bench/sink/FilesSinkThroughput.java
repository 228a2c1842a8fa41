package io.sensorstream.bench.sink;

import io.sensorstream.connectors.files.FilesSink;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.format.OutputRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
        for (int i = 0; i < rows; i++) {
            OutputRecord.Window w = BenchWindows.window(i, 1_700_000_000_000L);
            out.add(new SinkRecord(w, BenchWindows.json(w), "sensor-readings-aggregated", i % 4, i / 4, w.startMs()));
        }
        return out;
    }
}
