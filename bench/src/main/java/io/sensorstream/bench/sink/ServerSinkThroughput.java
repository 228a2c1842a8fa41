package io.sensorstream.bench.sink;

import io.sensorstream.connectors.influx.InfluxDbSink;
import io.sensorstream.connectors.redis.RedisSink;
import io.sensorstream.connectors.sink.Sink;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.format.OutputRecord;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Window rows per second the InfluxDB 1.x and Redis sinks write into real servers on this machine (Debian's
 * {@code influxd} and {@code redis-server}, started here with their data in a temporary directory): batches of 5 000
 * final window results (seed metrics, p50/p95/p99) from 10 000 sensors, a warm-up round then two measured rounds of new
 * windows. Prints {@code sink round rows rows_per_s}.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sensorstream.bench.sink.ServerSinkThroughput [rows] [batch]}.
 */
public final class ServerSinkThroughput {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        Path dir = Files.createTempDirectory("server-sink-bench-");
        try {
            int influxPort = freePort();
            Path conf = dir.resolve("influxdb.conf");
            Files.writeString(conf, String.join("\n", "reporting-disabled = true", "bind-address = \"127.0.0.1:" + freePort() + "\"",
                    "[meta]", "  dir = \"" + dir.resolve("meta") + "\"", "[data]", "  dir = \"" + dir.resolve("data") + "\"",
                    "  wal-dir = \"" + dir.resolve("wal") + "\"", "  query-log-enabled = false", "[http]",
                    "  bind-address = \"127.0.0.1:" + influxPort + "\"", "  log-enabled = false", "[monitor]",
                    "  store-enabled = false", ""));
            Process influxd = new ProcessBuilder("/usr/bin/influxd", "-config", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("influx.log").toFile()).start();
            int redisPort = freePort();
            Process redis = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            try {
                awaitHttp("http://127.0.0.1:" + influxPort + "/ping");
                List<String> metrics = List.of("temperature");
                List<Double> percentiles = List.of(0.5, 0.95, 0.99);
                try (Sink influx = new InfluxDbSink("influxdb", "http://127.0.0.1:" + influxPort, "bench", null, null, true, metrics,
                        percentiles)) {
                    measure(influx, rows, batch);
                }
                try (Sink r = new RedisSink("redis", "redis://127.0.0.1:" + redisPort, null, 10_000)) {
                    measure(r, rows, batch);
                }
            } finally {
                influxd.destroy();
                redis.destroy();
                influxd.waitFor();
                redis.waitFor();
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(Sink sink, int rows, int batch) throws Exception {
        for (int attempt = 0; ; attempt++) { // the server may take a moment to accept connections
            try {
                sink.open();
                break;
            } catch (Exception e) {
                if (attempt > 100) throw e;
                Thread.sleep(100);
            }
        }
        long offset = 0;
        for (int round = 0; round < 3; round++) {
            int n = round == 0 ? Math.min(rows, 50_000) : rows;
            List<SinkRecord> records = records(n, 1_700_000_000_000L + round * 86_400_000L, offset);
            offset += n;
            long started = System.nanoTime();
            for (int done = 0; done < n; done += batch) sink.write(records.subList(done, Math.min(n, done + batch)));
            double secs = (System.nanoTime() - started) / 1e9;
            if (round > 0) System.out.printf("%s round=%d rows=%d rows_per_s=%.0f%n", sink.name(), round, n, n / secs);
        }
    }

    private static List<SinkRecord> records(int rows, long t0, long firstOffset) {
        List<SinkRecord> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            OutputRecord.Window w = BenchWindows.window(i, t0);
            out.add(new SinkRecord(w, new byte[0], "sensor-readings-aggregated", 0, firstOffset + i, w.startMs()));
        }
        return out;
    }

    private static void awaitHttp(String url) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                if (c.getResponseCode() < 300) return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw e;
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
