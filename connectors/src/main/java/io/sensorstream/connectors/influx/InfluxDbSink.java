package io.sensorstream.connectors.influx;

import io.sensorstream.connectors.sink.HttpFailures;
import io.sensorstream.connectors.sink.Sink;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.format.OutputRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes results and alerts to InfluxDB 1.x over HTTP ({@code POST /write?db=…&precision=ms}, line protocol, see
 * {@link LineProtocol}); one request per batch. Idempotent by construction: a point with the same series and time
 * replaces the earlier one, and a replay writes the records again in the order they were published, so the newest
 * revision of a window is written last. Within a batch a window keeps only its newest revision.
 */
public final class InfluxDbSink implements Sink {

    private final String name;
    private final String base;
    private final String database;
    private final String authorization;
    private final boolean createDatabase;
    private final String writePath;
    private final LineProtocol lines;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param url            InfluxDB's base URL, e.g. {@code http://influxdb:8086}
     * @param createDatabase issue {@code CREATE DATABASE} at start (needs an admin user when authentication is on)
     */
    public InfluxDbSink(String name, String url, String database, String username, String password, boolean createDatabase,
                        List<String> metrics, List<Double> percentiles) {
        this(name, url, database, username == null || username.isBlank() ? null
                        : "Basic " + Base64.getEncoder().encodeToString((username + ":" + (password == null ? "" : password))
                        .getBytes(StandardCharsets.UTF_8)), createDatabase,
                "/write?db=" + encode(database) + "&precision=ms", metrics, percentiles);
    }

    private InfluxDbSink(String name, String url, String database, String authorization, boolean createDatabase, String writePath,
                         List<String> metrics, List<Double> percentiles) {
        this.name = name;
        this.base = url.replaceAll("/+$", "");
        this.database = database;
        this.authorization = authorization;
        this.createDatabase = createDatabase;
        this.writePath = writePath;
        this.lines = new LineProtocol(metrics, percentiles);
    }

    /**
     * InfluxDB 2 ({@code POST /api/v2/write?org=…&bucket=…&precision=ms}, {@code Authorization: Token …}); the bucket
     * must exist. The same line protocol and guarantees as 1.x.
     */
    public static InfluxDbSink v2(String name, String url, String org, String bucket, String token, List<String> metrics,
                                  List<Double> percentiles) {
        return new InfluxDbSink(name, url, bucket, "Token " + token, false,
                "/api/v2/write?org=" + encode(org) + "&bucket=" + encode(bucket) + "&precision=ms", metrics, percentiles);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open() throws IOException, InterruptedException {
        if (createDatabase) {
            post("/query?q=" + encode("CREATE DATABASE \"" + database.replace("\"", "\\\"") + "\""), "", "creating database " + database);
        }
    }

    @Override
    public void write(List<SinkRecord> batch) throws IOException, InterruptedException {
        Map<Object, OutputRecord> points = new LinkedHashMap<>();
        int n = 0;
        for (SinkRecord r : batch) {
            if (r.output() instanceof OutputRecord.Window w) {
                List<Object> key = List.of(w.sensorId(), w.windowName(), w.startMs());
                points.remove(key); // the newest revision, at its place in the order
                points.put(key, w);
            } else {
                points.put(n++, r.output());
            }
        }
        if (points.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder(points.size() * 256);
        for (OutputRecord r : points.values()) {
            lines.append(r, body);
        }
        post(writePath, body.toString(), "writing " + points.size() + " points");
    }

    private void post(String path, String body, String what) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) request.header("Authorization", authorization);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 != 2 || response.body().contains("\"error\"")) {
            String detail = "InfluxDB at " + base + " answered " + status + " " + what + ": " + response.body().strip();
            throw HttpFailures.forStatus(status, detail);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Transient: connection failures, timeouts, 5xx and 429; a 4xx (authentication, a field type conflict) is permanent. */
    @Override
    public boolean isTransient(Exception failure) {
        return HttpFailures.isTransient(failure);
    }

    @Override
    public void close() {
        // HttpClient needs no closing on Java 17
    }
}
