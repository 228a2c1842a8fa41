package io.sensorstream.bench;

import io.sensorstream.app.replay.Replayer;
import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.window.WindowDefinition;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Replay throughput on one core: writes a NAB-style CSV ({@code timestamp,value}, one reading every 5 s) of N lines
 * to a temporary file, then replays it with tumbling windows: 1 hour with count/avg/min/max/stddev (the engine and
 * parsing dominate), then 1 minute (12 readings per window, so encoding results weighs in) with (a) those statistics,
 * (b) plus the jump detector, (c) plus first/last/rate and p50/p95/p99. Output goes to a discarding stream, so the figure is parsing + engine.
 * Prints {@code replay pipeline=... readings=N seconds=S rate=R/s} per configuration.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sensorstream.bench.ReplayThroughput [lines]}.
 */
public final class ReplayThroughput {

    public static void main(String[] args) throws Exception {
        long lines = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        Path file = Files.createTempFile("sensorstream-replay-", ".csv");
        try {
            SplittableRandom random = new SplittableRandom(1);
            DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
            LocalDateTime t = LocalDateTime.of(2014, 1, 1, 0, 0);
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("timestamp,value\n");
                for (long i = 0; i < lines; i++) {
                    w.write(f.format(t.plusSeconds(5 * i)));
                    w.write(',');
                    w.write(Double.toString(Math.round((70 + random.nextDouble(-5, 5)) * 1e8) / 1e8));
                    w.write('\n');
                }
            }
            AnalyticsSpec base = AnalyticsSpec.seedDefaults().withWindows(List.of(WindowDefinition.tumbling(Duration.ofMinutes(1))));
            AnalyticsSpec hourly = base.withWindows(List.of(WindowDefinition.tumbling(Duration.ofHours(1))));
            run("windows-1h", hourly.withPercentiles(List.of()).withJumps(false, 5.0), file); // warm-up
            run("windows-1h", hourly.withPercentiles(List.of()).withJumps(false, 5.0), file);
            run("windows", base.withPercentiles(List.of()).withJumps(false, 5.0), file);
            run("windows+jump", base.withPercentiles(List.of()), file);
            run("full", base, file);
            run("full-1h", hourly, file); // 720 eight-decimal readings per window: held as doubles, past 128 values a t-digest
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void run(String name, AnalyticsSpec spec, Path file) throws Exception {
        Replayer.Summary s = new Replayer(spec, true).replay(file, Replayer.Format.CSV, "sensor", OutputStream.nullOutputStream(),
                null, null);
        System.out.printf("replay pipeline=%s readings=%d windows=%d seconds=%.2f rate=%.0f/s%n", name, s.readings(),
                s.windows(), s.elapsed().toNanos() / 1e9, s.readingsPerSecond());
    }
}
