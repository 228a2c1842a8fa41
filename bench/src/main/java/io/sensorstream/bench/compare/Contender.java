package io.sensorstream.bench.compare;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.sink.SinkServices;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One contender of {@link Compare}, in its own JVM so its CPU time and memory are its own: reads the input topic from
 * the beginning until it has seen every record, and prints
 * {@code RESULT records=N first_to_last_s=S cpu_s=C} (first record seen to last, so start-up is excluded).
 *
 * <p>Usage: {@code Contender NAME BOOTSTRAP TOPIC RECORDS STATE_DIR [key=value ...]}, NAME one of
 * {@code sensorstream} (config overrides as key=value), {@code dsl}, {@code noop}, {@code consumer}.
 */
public final class Contender {

    public static void main(String[] args) throws Exception {
        String name = args[0];
        String bootstrap = args[1];
        String topic = args[2];
        long records = Long.parseLong(args[3]);
        Path stateDir = Path.of(args[4]);
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 5; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            overrides.put(kv[0], kv[1]);
        }
        Files.createDirectories(stateDir);
        switch (name) {
            case "sensorstream" -> sensorstream(bootstrap, records, stateDir, overrides);
            case "serve" -> serve(bootstrap, stateDir, overrides);
            case "dsl" -> streams(bootstrap, records, DslBaseline.topology(topic), "bench-dsl", stateDir, overrides);
            case "noop" -> streams(bootstrap, records, noop(topic), "bench-noop", stateDir, overrides);
            case "consumer" -> consumer(bootstrap, topic, records);
            default -> throw new IllegalArgumentException("unknown contender " + name);
        }
        System.exit(0);
    }

    private static void sensorstream(String bootstrap, long records, Path stateDir, Map<String, String> overrides)
            throws Exception {
        SensorstreamConfig cfg = config(bootstrap, stateDir, overrides, "bench-sensorstream-");
        try (ProcessorRunner processor = new ProcessorRunner(cfg, new SimpleMeterRegistry()).start();
             SinkServices sinks = SinkServices.start(cfg, processor.settings().analytics(), processor.settings().topics(),
                     new SimpleMeterRegistry())) {
            measure(records, () -> processor.metrics().recordsIn());
        }
        changelogRecords(bootstrap, cfg.applicationId(), records);
    }

    /**
     * Counts the committed records of the application's changelog topics (read_committed, so transaction markers do
     * not count) and prints {@code CHANGELOG records=N per_reading=X}.
     */
    private static void changelogRecords(String bootstrap, String applicationId, long readings) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            c.listTopics().forEach((topic, infos) -> {
                if (topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            });
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long count = 0;
            long bytes = 0;
            Map<String, long[]> perStore = new java.util.TreeMap<>();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    count++;
                    long size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                    bytes += size;
                    long[] s = perStore.computeIfAbsent(r.topic().substring(applicationId.length() + 1).replace("-changelog", ""),
                            k -> new long[2]);
                    s[0]++;
                    s[1] += size;
                }
            }
            perStore.forEach((store, s) -> System.out.printf("  changelog %s: %.3f records/reading, %.1f bytes/reading%n",
                    store, s[0] / (double) readings, s[1] / (double) readings));
            System.out.printf("CHANGELOG records=%d per_reading=%.3f bytes=%d%n", count, count / (double) readings, bytes);
        }
    }

    /** The default configuration with the contender's overrides, on the benchmark broker, without the web page. */
    private static SensorstreamConfig config(String bootstrap, Path stateDir, Map<String, String> overrides, String appPrefix) {
        overrides.put("bootstrap-servers", bootstrap);
        overrides.putIfAbsent("application-id", appPrefix + ProcessHandle.current().pid());
        overrides.put("processing.state-dir", stateDir.toString());
        overrides.put("http.enabled", "false");
        overrides.put("topics.create", "false");
        String file = overrides.remove("config-file"); // e.g. a sinks: list, which dotted overrides cannot express
        return new ConfigLoader(Map.of()).read(file == null ? null : Path.of(file), overrides);
    }

    /** Runs the processor until the parent closes this process's standard input; prints {@code RUNNING} once it runs. */
    private static void serve(String bootstrap, Path stateDir, Map<String, String> overrides) throws Exception {
        SensorstreamConfig cfg = config(bootstrap, stateDir, overrides, "bench-latency-");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // commit percentiles over the last minute (six 10 s slices) instead of two: the last DIAG line then leaves out
        // the warm-up that LatencyRun does not measure (its first 30 s)
        registry.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
            @Override
            public io.micrometer.core.instrument.distribution.DistributionStatisticConfig configure(
                    io.micrometer.core.instrument.Meter.Id id, io.micrometer.core.instrument.distribution.DistributionStatisticConfig config) {
                return id.getName().equals("sensorstream.commit.duration")
                        ? io.micrometer.core.instrument.distribution.DistributionStatisticConfig.builder()
                                .expiry(Duration.ofSeconds(60)).bufferLength(6).build().merge(config)
                        : config;
            }
        });
        try (ProcessorRunner processor = new ProcessorRunner(cfg, registry).start()) {
            processor.awaitRunning(Duration.ofSeconds(120));
            System.out.println("RUNNING");
            System.out.flush();
            Thread diag = new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.out.println("DIAG " + threadMetrics(registry));
                    System.out.flush();
                }
            }, "diag");
            diag.setDaemon(true);
            diag.start();
            while (System.in.read() >= 0) {
                // until the parent closes the pipe
            }
        }
    }

    /**
     * Kafka Streams' own stream-thread timings (commit, poll, process) and the producer's batch figures, for reading a
     * latency run. Kafka Streams records a commit's latency divided by the tasks it committed: multiply
     * {@code commit.latency.avg} by the task count (4 here) for the time one commit takes.
     */
    private static String threadMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        StringBuilder b = new StringBuilder();
        for (String m : List.of("commit.latency.avg", "commit.latency.max", "commit.rate", "poll.latency.avg", "poll.latency.max",
                "process.rate", "poll.records.avg", "punctuate.latency.max")) {
            double sum = 0;
            int n = 0;
            for (var g : registry.find("kafka.stream.thread." + m).gauges()) {
                double v = g.value();
                if (!Double.isNaN(v)) {
                    sum = m.endsWith("max") ? Math.max(sum, v) : sum + v;
                    n++;
                }
            }
            b.append(m).append('=').append(n == 0 ? "-" : String.format("%.1f", sum)).append(' ');
        }
        io.micrometer.core.instrument.Timer commits = registry.find("sensorstream.commit.duration").timer();
        if (commits != null) { // sensorstream's own commit timing (start of the flush → transaction committed), last ~2 min
            b.append("commits=").append(commits.count());
            for (var p : commits.takeSnapshot().percentileValues()) {
                b.append(String.format(" commit.p%.0f=%.1f", p.percentile() * 100, p.value(java.util.concurrent.TimeUnit.MILLISECONDS)));
            }
            b.append(String.format(" commit.max=%.1f ", commits.max(java.util.concurrent.TimeUnit.MILLISECONDS)));
        }
        for (String m : List.of("record.size.avg", "record.send.rate", "outgoing.byte.rate", "compression.rate.avg",
                "request.latency.avg", "batch.size.avg")) {
            for (var g : registry.find("kafka.producer." + m).gauges()) {
                b.append("producer.").append(m).append('=').append(String.format("%.1f", g.value())).append(' ');
            }
        }
        return b.toString().trim();
    }

    private static Topology noop(String topic) {
        Topology t = new Topology();
        t.addSource("in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topic);
        t.addProcessor("count", () -> new Processor<byte[], byte[], Void, Void>() {
            @Override
            public void process(Record<byte[], byte[]> record) {
                COUNT.incrementAndGet();
            }
        }, "in");
        return t;
    }

    /** Records seen by an in-process Kafka Streams contender. */
    static final AtomicLong COUNT = new AtomicLong();

    private static void streams(String bootstrap, long records, Topology topology, String appId, Path stateDir,
                                Map<String, String> overrides) throws Exception {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId + "-" + ProcessHandle.current().pid());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putAll(overrides);
        try (KafkaStreams streams = new KafkaStreams(topology, p)) {
            streams.start();
            measure(records, COUNT::get);
            streams.close(Duration.ofSeconds(30));
        }
    }

    private static void consumer(String bootstrap, String topic, long records) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-consumer-" + ProcessHandle.current().pid());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long seen = 0;
            long first = 0;
            while (seen < records) {
                int n = c.poll(Duration.ofMillis(200)).count();
                if (n > 0 && first == 0) first = System.nanoTime();
                seen += n;
            }
            report(records, first, System.nanoTime());
        }
    }

    /** Waits until {@code count} reaches {@code records}, timing from the first record seen to the last. */
    static void measure(long records, LongSupplier count) throws InterruptedException {
        long first = 0;
        long half = 0;
        Map<String, Double> atHalf = Map.of();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (count.getAsLong() < records) {
            long seen = count.getAsLong();
            if (first == 0 && seen > 0) first = System.nanoTime();
            if (half == 0 && seen >= records / 2) {
                half = System.nanoTime();
                atHalf = threadCpu();
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("no progress: " + seen + " of " + records);
            Thread.sleep(1);
        }
        long last = System.nanoTime();
        if (half != 0) {
            // the second half: JIT warm-up mostly behind, so A/B comparisons at moderate lengths are less noisy
            Map<String, Double> now = threadCpu();
            StringBuilder b = new StringBuilder("SECOND_HALF");
            b.append(String.format(" readings_per_s=%.0f", (records - records / 2) / ((last - half) / 1e9)));
            for (var e : now.entrySet()) b.append(String.format(" %s=%.1f", e.getKey(), e.getValue() - atHalf.getOrDefault(e.getKey(), 0.0)));
            System.out.println(b);
        }
        report(records, first == 0 ? last : first, last);
    }

    private static void report(long records, long firstNs, long lastNs) {
        double cpu = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        StringBuilder threads = new StringBuilder("THREADS");
        threadCpu().forEach((g, s) -> threads.append(String.format(" %s=%.1f", g, s)));
        System.out.println(threads);
        System.out.printf("RESULT records=%d first_to_last_s=%.3f cpu_s=%.1f%n", records, (lastNs - firstNs) / 1e9, cpu);
        System.out.flush();
    }

    /**
     * CPU seconds since start by thread group ({@code stream producer consumer gc jit other}, from
     * /proc/self/task): where a contender's CPU goes besides its stream thread, on a machine where every core is shared
     * with the broker. Zeros where /proc is missing.
     */
    static Map<String, Double> threadCpu() {
        Map<String, Double> groups = new LinkedHashMap<>();
        for (String g : List.of("stream", "producer", "consumer", "gc", "jit", "other")) groups.put(g, 0.0);
        ThreadCpu.byName().forEach((comm, s) -> {
            String group = comm.startsWith("bench-") ? "stream"
                    : comm.startsWith("kafka-producer") ? "producer"
                    : comm.startsWith("kafka-coordinat") || comm.startsWith("kafka-admin") ? "consumer"
                    : comm.startsWith("GC ") || comm.startsWith("G# ") ? "gc"
                    : comm.startsWith("C# ") ? "jit" : "other";
            groups.merge(group, s, Double::sum);
        });
        return groups;
    }
}
