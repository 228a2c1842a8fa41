package io.sensorstream.connectors.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis sink against a real Redis (Debian's {@code redis-server}, installed by {@code .ci/run}): the newest window
 * per sensor whatever the order, firing alerts in a set until resolved, each event once in the stream and on the
 * channel even when a batch is replayed (offsets kept in the same transaction); a wrong password is permanent, an
 * unreachable server transient.
 */
class RedisSinkTest {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");
    private static final long T0 = 1_700_000_040_000L;

    @TempDir
    Path dir;

    private static SinkRecord window(long offset, String sensor, long start, int revision) {
        MetricSummary m = new MetricSummary(1, 20, 20, 20, 20, 0, 20, 20, 0, List.of());
        OutputRecord.Window w = new OutputRecord.Window(sensor, "tumbling-1m", "tumbling", start, start + 60_000,
                revision == 0 ? EmitKind.FINAL : EmitKind.UPDATE, revision, start, new WindowSummary(1, List.of(m), Map.of()));
        String json = "{\"sensor_id\":\"" + sensor + "\",\"window_start_utc\":" + start + ",\"revision\":" + revision + "}";
        return new SinkRecord(w, json.getBytes(StandardCharsets.UTF_8), "sensor-readings-aggregated", 0, offset, start);
    }

    private static SinkRecord event(long offset, AlertState state) {
        AlertEvent e = new AlertEvent("s1/range/temperature/" + T0, state, "s1", "temperature", "range", Severity.CRITICAL, 95, Double.NaN,
                Double.NaN, -40, 85, T0, T0);
        String json = "{\"alert_id\":\"" + e.alertId() + "\",\"state\":\"" + state + "\"}";
        return new SinkRecord(new OutputRecord.Event(e, T0), json.getBytes(StandardCharsets.UTF_8), "sensor-alert-events", 1, offset, T0);
    }

    @Test
    void latestStateEveryEventOnceAndReplaysSkipped() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "redis-server is not installed (.ci/run installs it)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process redisServer = new ProcessBuilder(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--requirepass", "s3cret")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisClient client = RedisClient.create("redis://s3cret@127.0.0.1:" + port);
        try {
            StatefulRedisConnection<String, String> connection = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (connection == null) {
                try {
                    connection = client.connect();
                } catch (RuntimeException e) {
                    assertThat(System.nanoTime()).as("redis up; log: %s", Files.readString(dir.resolve("redis.log"))).isLessThan(deadline);
                    Thread.sleep(100);
                }
            }
            RedisCommands<String, String> redis = connection.sync();
            List<String> published = new CopyOnWriteArrayList<>();
            StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    published.add(message);
                }
            });
            sub.sync().subscribe(RedisSink.EVENTS);

            RedisSink sink = new RedisSink("redis", "redis://127.0.0.1:" + port, "s3cret", 1_000);
            sink.open();
            List<SinkRecord> first = List.of(window(0, "s1", T0 + 60_000, 0), window(1, "s1", T0, 1), event(0, AlertState.FIRING));
            sink.write(first);
            assertThat(redis.smembers(RedisSink.FIRING)).containsExactly("s1/range/temperature/" + T0);
            sink.close();
            sink.open(); // as after a crash: the same batch again, then the next
            sink.write(first);
            sink.write(List.of(window(2, "s1", T0 + 60_000, 1), event(1, AlertState.RESOLVED)));

            assertThat(redis.hget("sensor:s1:latest", "revision")).as("newer window, then its update").isEqualTo("1");
            assertThat(redis.hget("sensor:s1:latest", "window_start_utc")).isEqualTo(Long.toString(T0 + 60_000));
            assertThat(redis.hget("sensor:s1:latest", "json")).contains("\"revision\":1");
            assertThat(redis.smembers(RedisSink.FIRING)).isEmpty();
            assertThat(redis.xlen(RedisSink.EVENTS)).as("FIRING and RESOLVED once each").isEqualTo(2);
            Thread.sleep(300);
            assertThat(published).hasSize(2);
            sink.close();
            sub.close();
            connection.close();
            RedisSink wrongPassword = new RedisSink("redis", "redis://127.0.0.1:" + port, "guess", 10);
            Exception refused = null;
            try {
                wrongPassword.open();
            } catch (Exception e) {
                refused = e;
            }
            assertThat(wrongPassword.isTransient(refused)).as("%s", refused).isFalse();
            wrongPassword.close();
        } finally {
            client.shutdown();
            redisServer.destroy();
            redisServer.waitFor();
        }
        RedisSink gone = new RedisSink("redis", "redis://127.0.0.1:1", null, 10);
        Exception unreachable = null;
        try {
            gone.open();
        } catch (Exception e) {
            unreachable = e;
        }
        assertThat(gone.isTransient(unreachable)).as("%s", unreachable).isTrue();
        gone.close();
    }
}
