package io.sensorstream.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.connectors.testing.ServerProcess;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The InfluxDB sink against a real InfluxDB 1.x (Debian's {@code influxdb}, installed by {@code .ci/run}): points as
 * documented, the newest revision of a window left after a replay, an alert written twice stored once, ids with
 * spaces and commas escaped; a missing database is permanent, an unreachable server transient.
 */
class InfluxDbSinkTest {

    private static final Path BINARY = Path.of("/usr/bin/influxd");
    private static final long T0 = 1_700_000_040_000L;

    @TempDir
    Path dir;

    private static SinkRecord window(String sensor, EmitKind emit, int revision, double avg) {
        MetricSummary m = new MetricSummary(3, avg * 3, avg, avg - 1, avg + 1, 0.5, avg, avg, 0.05, List.of(avg));
        return SinkRecord.of(new OutputRecord.Window(sensor, "tumbling-1m", "tumbling", T0, T0 + 60_000, emit, revision, T0 + 70_000,
                new WindowSummary(3, List.of(m), Map.of("site", "north hall"))));
    }

    private static String query(HttpClient http, String base, String q) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/query?db=sensors&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void pointsAreWrittenOnceWithTheNewestRevision() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "influxd is not installed (.ci/run installs Debian's influxdb)");
        int port = ServerProcess.freePort();
        Files.writeString(dir.resolve("influxdb.conf"), String.join("\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + ServerProcess.freePort() + "\"",
                "[meta]", "  dir = \"" + dir.resolve("meta") + "\"",
                "[data]", "  dir = \"" + dir.resolve("data") + "\"", "  wal-dir = \"" + dir.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "[http]", "  bind-address = \"127.0.0.1:" + port + "\"", "  log-enabled = false",
                "[monitor]", "  store-enabled = false", ""));
        Process influx = ServerProcess.start(dir.resolve("influx.log"), BINARY.toString(), "-config", dir.resolve("influxdb.conf").toString());
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            ServerProcess.awaitHttp(base + "/ping", 204, dir.resolve("influx.log"), Duration.ofSeconds(30));
            InfluxDbSink sink = new InfluxDbSink("influxdb", base, "sensors", null, null, true, List.of("temperature"), List.of(0.5));
            sink.open();
            sink.open();
            SinkRecord fin = window("boiler 7,north", EmitKind.FINAL, 0, 20.0);
            SinkRecord update = window("boiler 7,north", EmitKind.UPDATE, 1, 21.0);
            SinkRecord jump = SinkRecord.of(new OutputRecord.Jump(new JumpAlert("boiler 7,north", "temperature", 30, 20, 10, 5, T0 + 5_000,
                    T0), T0 + 6_000));
            sink.write(List.of(fin, jump, update));
            sink.write(List.of(fin)); // a replay from the committed offset: the older revision first ...
            sink.write(List.of(update, jump)); // ... then the newer again, as published
            String windows = query(http, base, "SELECT revision, emit, avg_temperature, count_temperature, p50_temperature, "
                    + "count_readings FROM sensor_windows WHERE sensor_id = 'boiler 7,north' AND site = 'north hall'");
            assertThat(windows).contains("[\"2023-11-14T22:14:00Z\",1,\"update\",21,3,21,3]");
            assertThat(windows.split("2023-11-14T22:14:00Z", -1)).as("one point").hasSize(2);
            assertThat(query(http, base, "SELECT count(delta) FROM sensor_jump_alerts")).contains(",1]");

            InfluxDbSink noDatabase = new InfluxDbSink("influxdb", base, "missing", null, null, false, List.of("temperature"), List.of());
            Exception refused = null;
            try {
                noDatabase.write(List.of(fin));
            } catch (Exception e) {
                refused = e;
            }
            assertThat(refused).hasMessageContaining("database not found");
            assertThat(noDatabase.isTransient(refused)).isFalse();
        } finally {
            influx.destroy();
            influx.waitFor();
        }
        InfluxDbSink gone = new InfluxDbSink("influxdb", "http://127.0.0.1:1", "sensors", null, null, true, List.of("temperature"), List.of());
        Exception unreachable = null;
        try {
            gone.open();
        } catch (Exception e) {
            unreachable = e;
        }
        assertThat(gone.isTransient(unreachable)).as("%s", unreachable).isTrue();
    }

    @Test
    void lineProtocolEscapesKeysAndLeavesOutMissingNumbers() {
        assertThat(LineProtocol.key("boiler 7,north=x")).isEqualTo("boiler\\ 7\\,north\\=x");
        StringBuilder out = new StringBuilder();
        MetricSummary m = new MetricSummary(1, 20, 20, 20, 20, Double.NaN, 20, 20, Double.NaN, List.of());
        new LineProtocol(List.of("temperature"), List.of()).append(new OutputRecord.Window("s1", "w", "tumbling", T0, T0 + 1, EmitKind.FINAL,
                0, T0, new WindowSummary(1, List.of(m), Map.of())), out);
        assertThat(out.toString()).isEqualTo("sensor_windows,sensor_id=s1,window_name=w,window_kind=tumbling count_readings=1i,"
                + "revision=0i,emit=\"final\",avg_temperature=20.0,max_temperature=20.0,min_temperature=20.0,count_temperature=1i,"
                + "sum_temperature=20.0,first_temperature=20.0,last_temperature=20.0 1700000040000\n");
    }

    /**
     * The InfluxDB 2 path against a stub HTTP server that checks the request shape (no InfluxDB 2 can be installed on
     * these machines; the line protocol is the one the 1.x test checks against a real server).
     */
    @Test
    void theVersion2PathSendsTheTokenOrgAndBucket() throws Exception {
        List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer stub = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                    + "\n" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        stub.start();
        try {
            InfluxDbSink sink = InfluxDbSink.v2("influxdb", "http://127.0.0.1:" + stub.getAddress().getPort(), "plant 3", "sensors",
                    "t0k", List.of("temperature"), List.of(0.5));
            sink.open();
            sink.write(List.of(window("s1", EmitKind.FINAL, 0, 20.0)));
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0)).startsWith("POST /api/v2/write?org=plant+3&bucket=sensors&precision=ms Token t0k\n"
                    + "sensor_windows,sensor_id=s1,window_name=tumbling-1m,window_kind=tumbling,site=north\\ hall count_readings=3i");
        } finally {
            stub.stop(0);
        }
    }
}
