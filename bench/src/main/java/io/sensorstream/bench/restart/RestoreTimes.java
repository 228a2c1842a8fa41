package io.sensorstream.bench.restart;

import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How long a restart takes when the state is large: {@code sensorstream run} processes readings of many sensors (default
 * 1 000 000, three readings 5 s apart each), stops, and starts again, once per store kind: the in-memory store (restores its whole
 * changelog at every start), RocksDB after a clean stop (its local copy is checkpointed: nothing to restore) and RocksDB
 * after a crash (SIGKILL: exactly-once wipes the local copy of a task that was not closed cleanly, so it restores the
 * whole changelog too). Static members ({@code processing.instance-id}), so no case waits for a session timeout. Reports per case: the records and bytes of the sensors' changelog, stop → {@code RUNNING},
 * the restore as the processor logs it, and stop → the first result readable with {@code read_committed} once new
 * readings arrive (the in-memory store decodes its restored values at the first reading, so this includes it).
 *
 * <p>Usage: {@code RestoreTimes [--sensors 1000000] [--heap 4g]}.
 */
public final class RestoreTimes {

    private static final String INPUT = "sensor-readings-raw";
    private static final List<String> OUTPUTS = List.of("sensor-readings-aggregated", "sensor-alerts");
    private static final Pattern RESTORED = Pattern.compile("Restored (\\d+) records of store '([^']+)' from \\S+ in (\\d+) ms");
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z: event time of the first readings
    private static final int READINGS = 3;

    private final String bootstrap;
    private final Path dir;
    private final int sensors;
    private final String heap;
    /** The processor running now, stopped if the benchmark itself stops (a failure, Ctrl-C). */
    private volatile Process running;

    private RestoreTimes(String bootstrap, Path dir, int sensors, String heap) {
        this.bootstrap = bootstrap;
        this.dir = dir;
        this.sensors = sensors;
        this.heap = heap;
    }

    public static void main(String[] args) throws Exception {
        int sensors = 1_000_000;
        String heap = "4g";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sensors" -> sensors = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: RestoreTimes [--sensors N] [--heap 4g]");
            }
        }
        Path dir = Files.createTempDirectory("restore-times");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(port, dir.resolve("kafka"), 4, Map.of()).start(Duration.ofSeconds(90))) {
            RestoreTimes bench = new RestoreTimes(broker.bootstrapServers(), dir, sensors, heap);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Process p = bench.running;
                if (p != null) p.destroyForcibly();
            }));
            List<String> rows = new ArrayList<>();
            rows.add(bench.measure("in-memory store (default), clean restart", "restore-memory", "memory", false));
            rows.add(bench.measure("RocksDB, clean restart", "restore-rocksdb", "rocksdb", false));
            rows.add(bench.measure("RocksDB, restart after SIGKILL", "restore-rocksdb-kill", "rocksdb", true));
            System.out.println();
            System.out.printf(Locale.ROOT, "%d sensors, %d readings each, 4 partitions, embedded broker, %d cores, -Xmx%s%n%n", sensors,
                    READINGS, Runtime.getRuntime().availableProcessors(), heap);
            System.out.println("| case | sensors changelog | stop → RUNNING | restore (logged) | stop → first result |");
            System.out.println("| --- | --- | --- | --- | --- |");
            rows.forEach(System.out::println);
        }
    }

    /** One case on its own input topic with the same readings, so every case starts from the same state. */
    private String measure(String name, String applicationId, String store, boolean kill) throws Exception {
        Path log = dir.resolve(applicationId + ".log");
        String input = INPUT + "-" + applicationId;
        produce(input, 0, sensors, READINGS, T0);
        Process p = start(applicationId, store, input, log);
        awaitCommitted(applicationId, input, Duration.ofMinutes(10));
        Thread.sleep(2_000); // a commit after the last reading: its state is in the changelog
        long[] changelog = changelog(applicationId + "-sensors-changelog");
        if (kill) {
            p.toHandle().destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        } else {
            p.toHandle().destroy();
            if (!p.waitFor(120, TimeUnit.SECONDS)) throw new IllegalStateException("no exit within 120 s of SIGTERM; log " + log);
        }
        long stopped = System.currentTimeMillis();
        int logLines = Files.readAllLines(log).size();
        p = start(applicationId, store, input, log);
        long running = awaitLine(log, logLines, "-> RUNNING", Duration.ofMinutes(10)) - stopped;
        long firstOutput;
        try (KafkaConsumer<byte[], byte[]> outputs = outputReader()) {
            // new readings past the end of the stored minute (watermark T0 + 65 s): its windows close, results follow
            produce(input, 0, Math.min(sensors, 4_000), 1, T0 + 70_000L);
            firstOutput = awaitOutput(outputs, Duration.ofMinutes(5)) - stopped;
        }
        List<String> lines = Files.readAllLines(log);
        long restoredRecords = 0;
        long restoreMs = 0;
        for (String line : lines.subList(logLines, lines.size())) {
            Matcher m = RESTORED.matcher(line);
            if (m.find() && m.group(2).equals("sensors")) {
                restoredRecords += Long.parseLong(m.group(1));
                restoreMs = Math.max(restoreMs, Long.parseLong(m.group(3)));
            }
        }
        p.toHandle().destroy();
        p.waitFor(120, TimeUnit.SECONDS);
        String row = String.format(Locale.ROOT, "| %s | %,d records, %.0f MB | %.1f s | %,d records, longest partition %.1f s | %.1f s |",
                name, changelog[0], changelog[1] / 1e6, running / 1e3, restoredRecords, restoreMs / 1e3, firstOutput / 1e3);
        System.err.println(row);
        return row;
    }

    private Process start(String applicationId, String store, String input, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), "io.sensorstream.app.Main", "run", "--bootstrap-servers", bootstrap);
        Map<String, String> e = pb.environment();
        e.put("SENSORSTREAM_APPLICATION_ID", applicationId);
        e.put("SENSORSTREAM_HTTP_ENABLED", "false");
        e.put("SENSORSTREAM_PROCESSING_STATE_STORE", store);
        e.put("SENSORSTREAM_TOPICS_RAW", input);
        e.put("SENSORSTREAM_PROCESSING_INSTANCE_ID", applicationId); // static member: a crash waits for no session timeout
        e.put("SENSORSTREAM_PROCESSING_STATE_DIR", dir.resolve("state-" + applicationId).toString());
        e.put("SENSORSTREAM_LOG_LEVEL", "INFO");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        running = pb.start();
        return running;
    }

    /**
     * {@code readings} readings per sensor, 5 s apart in event time from {@code t} (so the watermark, 5 s behind, releases
     * all but the last to the detectors: each sensor has windows, detector state and pending readings), sensors
     * interleaved.
     */
    private void produce(String topic, int from, int count, int readings, long t) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int k = 0; k < readings; k++) {
                for (int s = from; s < from + count; s++) {
                    String id = "sensor-" + s;
                    double temperature = 20 + (s % 100) / 10.0 + k * 0.25;
                    producer.send(new ProducerRecord<>(topic, id, "{\"sensor_id\":\"" + id + "\",\"temperature\":" + temperature
                            + ",\"timestamp\":" + (t + k * 5_000L + s % 1_000) + "}"));
                }
            }
        }
    }

    /** Waits until the application's committed input offsets reach the end of the input. */
    private void awaitCommitted(String applicationId, String input, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int i = 0; i < 4; i++) latest.put(new TopicPartition(input, i), OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (System.currentTimeMillis() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get();
                if (ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset())) {
                    return;
                }
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException(applicationId + ": input not committed within " + timeout);
    }

    /** Records and bytes in a topic: the sum of its partitions' end offsets and of its log sizes on the broker. */
    private long[] changelog(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int i = 0; i < 4; i++) latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
            long records = admin.listOffsets(latest).all().get().values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(org.apache.kafka.common.Node::id).toList();
            long bytes = admin.describeLogDirs(brokers).allDescriptions().get().values().stream()
                    .flatMap(d -> d.values().stream()).flatMap(d -> d.replicaInfos().entrySet().stream())
                    .filter(e -> e.getKey().topic().equals(topic)).mapToLong(e -> e.getValue().size()).sum();
            return new long[] {records, bytes};
        }
    }

    private KafkaConsumer<byte[], byte[]> outputReader() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : OUTPUTS) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now: only results from here on count
        return consumer;
    }

    private static long awaitOutput(KafkaConsumer<byte[], byte[]> consumer, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (!consumer.poll(Duration.ofMillis(20)).isEmpty()) {
                return System.currentTimeMillis();
            }
        }
        throw new IllegalStateException("no result within " + timeout);
    }

    /** Waits for a log line containing {@code text} after the first {@code skip} lines; returns when it was seen. */
    private static long awaitLine(Path log, int skip, String text, Duration timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            List<String> lines = Files.readAllLines(log);
            if (lines.stream().skip(skip).anyMatch(l -> l.contains(text))) {
                return System.currentTimeMillis();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no '" + text + "' within " + timeout + "; log " + log);
    }
}
