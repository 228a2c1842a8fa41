package io.sensorstream.connectors.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sensorstream.connectors.sink.Sink;
import io.sensorstream.connectors.sink.SinkRecord;
import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.format.OutputRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the latest state in Redis (Lettuce): each sensor's newest window result in the hash
 * {@code sensor:<id>:latest} (fields {@code json}, {@code window_name}, {@code window_start_utc}, {@code revision}),
 * the ids of firing alerts in the set {@code sensorstream:alerts:firing}, and every alert event appended to the
 * capped stream {@code sensorstream:alert-events} ({@code XADD … MAXLEN ~ N}) and published on the channel of the
 * same name.
 *
 * <p>Exactly once, including the stream and the channel, which cannot be made idempotent by themselves: each batch is
 * one {@code MULTI}/{@code EXEC} transaction that also records, in the hash {@code sensorstream:sink:<name>:offsets},
 * the next offset of every source partition it wrote; records below those offsets are skipped, so a batch replayed
 * after a crash between {@code EXEC} and the Kafka offset commit writes nothing twice. A window result replaces the
 * latest one only when it is newer (a later window, or the same window with a higher revision), in a Lua script.
 */
public final class RedisSink implements Sink {

    static final String FIRING = "sensorstream:alerts:firing";
    static final String EVENTS = "sensorstream:alert-events";
    private static final String NEWER_WINS = """
            local start = tonumber(redis.call('HGET', KEYS[1], 'window_start_utc') or '-1')
            local rev = tonumber(redis.call('HGET', KEYS[1], 'revision') or '-2')
            local s, r = tonumber(ARGV[2]), tonumber(ARGV[3])
            if s > start or (s == start and r > rev) then
              redis.call('HSET', KEYS[1], 'json', ARGV[1], 'window_start_utc', ARGV[2], 'revision', ARGV[3], 'window_name', ARGV[4])
            end
            return 1
            """;

    private final String name;
    private final String url;
    private final String password;
    private final long streamLength;
    private final String offsetsKey;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private String script;
    private final Map<String, Long> written = new HashMap<>();

    /**
     * @param url      a Redis URI such as {@code redis://host:6379/0} ({@code rediss://} for TLS)
     * @param password the password, or null (kept out of the URI so it can come from the environment or a file)
     * @param streamLength the approximate cap of the event stream
     */
    public RedisSink(String name, String url, String password, long streamLength) {
        this.name = name;
        this.url = url;
        this.password = password;
        this.streamLength = streamLength;
        this.offsetsKey = "sensorstream:sink:" + name + ":offsets";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open() {
        if (connection == null) {
            RedisURI uri = RedisURI.create(url);
            uri.setTimeout(Duration.ofSeconds(10));
            if (password != null && !password.isEmpty()) {
                uri = RedisURI.builder(uri).withPassword(password.toCharArray()).build();
            }
            client = RedisClient.create(uri);
            connection = client.connect();
        }
        RedisCommands<String, String> redis = connection.sync();
        script = redis.scriptLoad(NEWER_WINS);
        written.clear();
        redis.hgetall(offsetsKey).forEach((k, v) -> written.put(k, Long.parseLong(v)));
    }

    @Override
    public void write(List<SinkRecord> batch) {
        RedisCommands<String, String> redis = connection.sync();
        Map<String, Long> next = new HashMap<>();
        redis.multi();
        for (SinkRecord r : batch) {
            String partition = r.topic() + "-" + r.partition();
            if (r.offset() >= 0 && r.offset() < written.getOrDefault(partition, 0L)) {
                continue; // written by a transaction whose Kafka offsets were not committed
            }
            if (r.offset() >= 0) next.merge(partition, r.offset() + 1, Math::max);
            if (r.output() instanceof OutputRecord.Window w) {
                redis.evalsha(script, ScriptOutputType.INTEGER, new String[] {"sensor:" + w.sensorId() + ":latest"},
                        new String(r.value(), StandardCharsets.UTF_8), Long.toString(w.startMs()), Integer.toString(w.revision()),
                        w.windowName());
            } else if (r.output() instanceof OutputRecord.Event oe) {
                AlertEvent e = oe.event();
                if (e.state() == AlertState.FIRING) {
                    redis.sadd(FIRING, e.alertId());
                } else {
                    redis.srem(FIRING, e.alertId());
                }
                String json = new String(r.value(), StandardCharsets.UTF_8);
                redis.xadd(EVENTS, XAddArgs.Builder.maxlen(streamLength).approximateTrimming(), Map.of("alert", json));
                redis.publish(EVENTS, json);
            }
        }
        if (!next.isEmpty()) {
            Map<String, String> offsets = new HashMap<>();
            next.forEach((k, v) -> offsets.put(k, Long.toString(v)));
            redis.hset(offsetsKey, offsets);
        }
        TransactionResult result = redis.exec();
        if (result.wasDiscarded()) {
            throw new RedisException("the transaction was discarded");
        }
        for (Object o : result) {
            if (o instanceof Exception e) {
                throw new RedisCommandExecutionException("a command of the batch failed: " + e.getMessage(), e);
            }
        }
        written.putAll(next);
    }

    /**
     * Transient: a lost or refused connection, a timeout, a server loading or busy. Permanent: a command Redis refuses,
     * such as a wrong password ({@code WRONGPASS}, {@code NOAUTH}) or a key of another type ({@code WRONGTYPE}).
     */
    @Override
    public boolean isTransient(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisCommandExecutionException e) {
                String m = String.valueOf(e.getMessage());
                return m.startsWith("LOADING") || m.startsWith("BUSY") || m.startsWith("TRYAGAIN") || m.startsWith("MASTERDOWN");
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisConnectionException || t instanceof io.lettuce.core.RedisCommandTimeoutException
                    || t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            client = null;
        }
    }
}
