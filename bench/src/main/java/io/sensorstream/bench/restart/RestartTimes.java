package io.sensorstream.bench.restart;

import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How long {@code sensorstream run} is gone when it is restarted: after a clean stop (SIGTERM) and after a crash
 * (SIGKILL), each with the membership settings of one variant, on the embedded broker with its default session
 * timeout (45 s) while readings flow. Reports, per variant: the time the stop took, stop → {@code RUNNING} of the new
 * process, and stop → the first jump alert readable with {@code read_committed} (every reading here is a jump, so
 * output flows whenever the processor works).
 *
 * <p>Usage: {@code RestartTimes [--variants NAME=ENV,ENV;...]}; a variant's environment entries are
 * {@code SENSORSTREAM_...=value}. Without {@code --variants}: dynamic members without and with leaving the group on
 * close, and static members ({@code processing.instance-id}).
 */
public final class RestartTimes {

    private static final String INPUT = "sensor-readings-raw";
    private static final String ALERTS = "sensor-alerts";

    private final String bootstrap;
    private final Path dir;
    private final AtomicLong lastOutput = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();

    private RestartTimes(String bootstrap, Path dir) {
        this.bootstrap = bootstrap;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--variants")) {
                for (String v : args[++i].split(";")) {
                    String[] nameEnv = v.split("=", 2);
                    Map<String, String> env = new LinkedHashMap<>();
                    for (String kv : nameEnv[1].split(",")) {
                        if (!kv.isBlank()) {
                            String[] p = kv.split("=", 2);
                            env.put(p[0], p[1]);
                        }
                    }
                    variants.put(nameEnv[0], env);
                }
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: RestartTimes [--variants NAME=ENV,...;...]");
            }
        }
        if (variants.isEmpty()) {
            variants.put("dynamic member, stays in the group on close (before)",
                    Map.of("SENSORSTREAM_PROCESSING_LEAVE_GROUP_ON_CLOSE", "false"));
            variants.put("dynamic member, leaves the group on close", Map.of());
            variants.put("static member (instance-id)", Map.of("SENSORSTREAM_PROCESSING_INSTANCE_ID", "bench-0"));
        }
        Path dir = Files.createTempDirectory("restart-times");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(port, dir.resolve("kafka"), 4, Map.of()).start(Duration.ofSeconds(90))) {
            RestartTimes bench = new RestartTimes(broker.bootstrapServers(), dir);
            Thread producer = new Thread(bench::produce, "readings");
            Thread watcher = new Thread(bench::watchOutput, "alerts");
            producer.start();
            watcher.start();
            List<String> rows = new ArrayList<>();
            int n = 0;
            for (Map.Entry<String, Map<String, String>> v : variants.entrySet()) {
                rows.add(bench.measure(v.getKey(), "restart-" + (n++), v.getValue()));
                System.err.println(rows.get(rows.size() - 1));
            }
            bench.stop.set(true);
            producer.join();
            watcher.join();
            System.out.println();
            System.out.println("| variant | clean stop took | clean: stop → RUNNING | clean: stop → first output | crash: kill → RUNNING | crash: kill → first output |");
            System.out.println("| --- | --- | --- | --- | --- | --- |");
            rows.forEach(System.out::println);
        }
    }

    private String measure(String name, String applicationId, Map<String, String> env) throws Exception {
        Path log = dir.resolve(applicationId + ".log");
        Process p = start(applicationId, log, env);
        awaitRunning(log, 1, 120_000);
        awaitOutputAfter(System.currentTimeMillis(), 60_000);
        Thread.sleep(3_000);

        long t0 = System.currentTimeMillis();
        p.toHandle().destroy();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no exit within 90 s of SIGTERM; log " + log);
        }
        long stopped = System.currentTimeMillis();
        p = start(applicationId, log, env);
        long cleanRunning = awaitRunning(log, 2, 120_000) - stopped;
        long cleanOutput = awaitOutputAfter(stopped, 120_000) - stopped;
        Thread.sleep(3_000);

        long t1 = System.currentTimeMillis();
        p.toHandle().destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        long killed = System.currentTimeMillis();
        p = start(applicationId, log, env);
        long crashRunning = awaitRunning(log, 3, 120_000) - killed;
        long crashOutput = awaitOutputAfter(killed, 120_000) - killed;
        p.toHandle().destroy();
        p.waitFor(90, TimeUnit.SECONDS);
        return String.format(Locale.ROOT, "| %s | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s |", name, (stopped - t0) / 1e3,
                cleanRunning / 1e3, cleanOutput / 1e3, crashRunning / 1e3, crashOutput / 1e3 + (killed - t1) / 1e3);
    }

    private Process start(String applicationId, Path log, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "io.sensorstream.app.Main", "run", "--bootstrap-servers", bootstrap);
        Map<String, String> e = pb.environment();
        e.put("SENSORSTREAM_APPLICATION_ID", applicationId);
        e.put("SENSORSTREAM_HTTP_ENABLED", "false");
        e.put("SENSORSTREAM_PROCESSING_STATE_DIR", dir.resolve("state-" + applicationId).toString());
        e.put("SENSORSTREAM_LOG_LEVEL", "INFO");
        e.putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    /** Waits for the log's {@code times}-th transition to RUNNING; returns the wall-clock time it was seen. */
    private static long awaitRunning(Path log, int times, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().filter(l -> l.contains("-> RUNNING")).count() >= times) {
                return System.currentTimeMillis();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("not RUNNING within " + timeoutMs + " ms; log " + log);
    }

    private long awaitOutputAfter(long since, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            long last = lastOutput.get();
            if (last > since) {
                return last;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no output within " + timeoutMs + " ms");
    }

    /** 200 sensors, one reading each every 100 ms in event time = now, each a jump of 10 degrees from the last. */
    private void produce() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            long round = 0;
            while (!stop.get()) {
                long now = System.currentTimeMillis();
                double temperature = round++ % 2 == 0 ? 20.0 : 30.0;
                for (int s = 0; s < 200; s++) {
                    String id = "sensor-" + s;
                    producer.send(new ProducerRecord<>(INPUT, id,
                            "{\"sensor_id\":\"" + id + "\",\"temperature\":" + temperature + ",\"timestamp\":" + now + "}"));
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watchOutput() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && !stop.get()) {
                consumer.partitionsFor(ALERTS, Duration.ofSeconds(5)).forEach(i -> partitions.add(new TopicPartition(ALERTS, i.partition())));
            }
            consumer.assign(partitions);
            while (!stop.get()) {
                if (!consumer.poll(Duration.ofMillis(50)).isEmpty()) {
                    lastOutput.set(System.currentTimeMillis());
                }
            }
        }
    }
}
