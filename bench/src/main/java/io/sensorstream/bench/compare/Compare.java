package io.sensorstream.bench.compare;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.PipelineAssembly;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.pipeline.TopicProvisioner;
import io.sensorstream.app.simulate.SimulatorRunner;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatorSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Side-by-side throughput on one topic, one run: an embedded broker, N seed-style readings preloaded once, then each
 * contender in its own process reading the topic from the beginning, one after the other. Rate = records / (first
 * record seen → last), so start-up is excluded; CPU seconds and peak RSS from {@code /proc}. Prints a Markdown table
 * and, last, {@code vs_seed=… vs_dsl=… of_noop=… of_ceiling=…} (sensorstream exactly-once over each).
 *
 * <p>Contenders: sensorstream exactly-once (default configuration) and at-least-once (default, and with a 1 s commit);
 * the seed's Python processor from {@code ../shared/baselines/seed-python} (skipped when absent); an idiomatic Kafka
 * Streams DSL app ({@link DslBaseline}); a Kafka Streams processor that does nothing, exactly-once with sensorstream's
 * engine settings: commit interval, poll size, task idling (the engine's ceiling); a plain consumer (the broker's
 * ceiling).
 *
 * <p>Usage: {@code ./bench/compare [--records 2000000] [--sensors 10000] [--only a,b] [--shared DIR]
 * [--variants "label:key=value,key=value;..."] [--warm-up false] [--rounds 1]}: {@code --only} keeps contenders whose name starts with
 * one of the given words; an unreported sensorstream run over the first quarter (at most 500 000 readings) warms the
 * broker's produce path first, unless {@code --warm-up false}; {@code --variants} adds sensorstream runs with
 * configuration overrides; {@code --baseline-cp bench/target/classes:OTHER/bench/target/benchmarks.jar} adds a run of
 * another build (the contender classes from this one, sensorstream from the other) with its own defaults; {@code --rounds N}
 * runs the contenders N times, each round in the opposite order of the one before (the first of two runs back to back was
 * 5–23 % faster in eight pairs of 2026-11-27, whichever build it was), and reports each contender's median, range and median second half ({@code --child-opts} may name the round as
 * {@code {r}} beside the contender's number {@code {n}}, e.g. one JFR file per run);
 * {@code --latency true [--rate 50000] [--seconds 90]}
 * measures result latency at a fixed rate instead ({@link LatencyRun}), for the defaults and each variant (with
 * {@code --rounds}, each round in the opposite order, one line per run).
 */
public final class Compare {

    private static final String TOPIC = "sensor-readings-raw";
    private static final Pattern RESULT = Pattern.compile("RESULT records=(\\d+) first_to_last_s=([0-9.]+)");
    private static final Pattern CHANGELOG = Pattern.compile("CHANGELOG records=\\d+ per_reading=([0-9.]+)");
    private static final Pattern SEED = Pattern.compile("BENCH first_to_last_s=([0-9.]+)");
    private static final Pattern SECOND_HALF = Pattern.compile("SECOND_HALF readings_per_s=([0-9.]+)");

    /** One run of a contender; {@code secondHalf}: readings/s over the second half of its input (NaN if not reported). */
    record Row(String name, long records, double seconds, double cpu, long rssKb, String changelog, double secondHalf) {
        double rate() {
            return seconds > 0 ? records / seconds : Double.NaN;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        long records = Long.parseLong(opts.getOrDefault("records", "2000000"));
        int sensors = Integer.parseInt(opts.getOrDefault("sensors", "10000"));
        List<String> only = opts.containsKey("only") ? List.of(opts.get("only").split(",")) : null;
        Path shared = Path.of(opts.getOrDefault("shared", "../shared"));
        Path dir = Files.createTempDirectory("sensorstream-compare-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("localhost"))) {
            port = s.getLocalPort();
        }
        List<Row> rows = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(port, dir.resolve("kafka"), 4, Map.of()).start(Duration.ofSeconds(90))) {
            String bootstrap = broker.bootstrapServers();
            SensorstreamConfig cfg = new ConfigLoader(Map.of()).read(null, Map.of("bootstrap-servers", bootstrap));
            List<String> topics = new ArrayList<>(new PipelineAssembly(cfg).pipelineSettings().topics().outputs());
            topics.addAll(List.of(TOPIC, "bench-dsl-aggregated", "bench-dsl-alerts", "bench-seed-aggregated", "bench-seed-alerts"));
            Properties client = ProcessorRunner.clientProperties(cfg);
            TopicProvisioner.ensure(client, topics, 4, (short) -1, Map.of());
            if (opts.containsKey("latency")) {
                latency(opts, bootstrap, client, dir);
                return;
            }
            SimulatorSettings sim = new SimulatorSettings(sensors, 1, 42, 1_700_000_000_000L, 2_000, 0, 0, 0);
            try (var producer = SimulatorRunner.createProducer(client)) {
                var s = new SimulatorRunner(producer, TOPIC).run(new SensorSimulator(sim), records, null, false, () -> false, null);
                System.err.printf("preloaded %d readings from %d sensors in %.1f s%n", s.sent(), sensors, s.elapsed().toNanos() / 1e9);
            }
            Properties ours = new ProcessorRunner(cfg, new SimpleMeterRegistry()).streamsProperties();
            String commitMs = ours.getProperty("commit.interval.ms", "100");
            // the engine's ceiling runs with the engine settings sensorstream chose for itself (commit interval,
            // poll size and wait, task idling), so of_noop compares processing, not tuning
            List<String> engine = List.of("commit.interval.ms=" + commitMs,
                    "consumer.max.poll.records=" + ours.getProperty("consumer.max.poll.records", "500"),
                    "poll.ms=" + ours.getProperty("poll.ms", "100"),
                    "max.task.idle.ms=" + ours.getProperty("max.task.idle.ms", "0"));
            Map<String, List<String>> java = new LinkedHashMap<>();
            if (opts.containsKey("baseline-cp")) { // another build of sensorstream, e.g. the previous release, side by side
                java.put("sensorstream baseline build, exactly-once (its defaults)", List.of("sensorstream", "cp=" + opts.get("baseline-cp")));
            }
            java.put("sensorstream exactly-once (default)", List.of("sensorstream"));
            java.put("sensorstream at-least-once", List.of("sensorstream", "processing.guarantee=at_least_once"));
            java.put("sensorstream at-least-once, 30 s commit (Kafka Streams' own default)", List.of("sensorstream",
                    "processing.guarantee=at_least_once", "kafka.commit.interval.ms=30000"));
            if (opts.containsKey("variants")) { // more sensorstream configurations: "label:key=v,key=v;label2:key=v"
                for (String v : opts.get("variants").split(";")) {
                    String[] lv = v.split(":", 2);
                    List<String> args0 = new ArrayList<>(List.of("sensorstream"));
                    args0.addAll(List.of(lv[1].split(",")));
                    java.put("sensorstream " + lv[0], args0);
                }
            }
            java.put("Kafka Streams DSL app (exactly-once)", List.of("dsl", "commit.interval.ms=" + commitMs));
            List<String> noop = new ArrayList<>(List.of("noop"));
            noop.addAll(engine);
            java.put("Kafka Streams no-op processor (exactly-once)", noop);
            java.put("plain KafkaConsumer, parsing nothing", List.of("consumer"));
            if (!"false".equals(opts.get("warm-up"))) {
                // the broker's own JIT: the first contender that writes (transactions, many partitions) made it compile
                // its produce path, 3–4 CPU s on the same 2 cores in that contender's time; an unreported run pays it
                long warm = Math.min(records / 4, 500_000);
                List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx4g", "-cp", System.getProperty("java.class.path"),
                        Contender.class.getName(), "sensorstream", bootstrap, TOPIC, Long.toString(warm),
                        dir.resolve("state-warm-up").toString(), "application-id=bench-warm-up"));
                run("warm-up of the broker (not reported)", warm, new ProcessBuilder(cmd), RESULT);
            }
            // each round runs the contenders in the opposite order of the one before: the first of two runs back to back
            // was 5–23 % faster (eight pairs, 2026-11-27), whichever build it was, so a place must not decide
            int rounds = Integer.parseInt(opts.getOrDefault("rounds", "1"));
            List<String> names = new ArrayList<>(java.keySet());
            List<int[]> order = runOrder(names.size(), rounds);
            for (int[] run : order) {
                int i = run[0];
                int round = run[1];
                String name = names.get(i);
                List<String> spec = java.get(name);
                int n = i + 1;
                if (only != null && only.stream().noneMatch(name::startsWith)) continue;
                List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx4g"));
                cmd.addAll(childOpts(opts, n, round));
                List<String> rest = new ArrayList<>(spec.subList(1, spec.size()));
                String classpath = System.getProperty("java.class.path");
                if (!rest.isEmpty() && rest.get(0).startsWith("cp=")) {
                    classpath = rest.remove(0).substring(3);
                }
                cmd.addAll(List.of("-cp", classpath, Contender.class.getName(), spec.get(0), bootstrap, TOPIC, Long.toString(records),
                        dir.resolve("state-" + n + "-" + round).toString()));
                cmd.addAll(rest);
                Map<String, long[]> before = volumes(client);
                rows.add(run(name, records, new ProcessBuilder(cmd), RESULT));
                printWritten(before, volumes(client), records);
                if (name.startsWith("sensorstream at-least-once, 30 s") && (only == null || only.contains("seed"))) {
                    rows.add(seed(shared, bootstrap, records));
                }
            }
            if (only != null && only.contains("seed") && rows.stream().noneMatch(r -> r.name().startsWith("the seed"))) {
                rows.add(seed(shared, bootstrap, records));
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        print(rows, records, sensors);
    }

    /**
     * Latency mode: for the default commit interval and each {@code --variants} entry, a fresh input topic, the
     * processor in its own JVM, {@code --rate} readings/s (default 50 000) for {@code --seconds} (default 90, the first
     * 30 not measured).
     */
    private static void latency(Map<String, String> opts, String bootstrap, Properties client, Path dir) throws Exception {
        double rate = Double.parseDouble(opts.getOrDefault("rate", "50000"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "90"));
        int sensors = Integer.parseInt(opts.getOrDefault("sensors", "10000"));
        Map<String, List<String>> runs = new LinkedHashMap<>();
        runs.put("default (1 s commit)", List.of());
        if (opts.containsKey("variants")) {
            for (String v : opts.get("variants").split(";")) {
                String[] lv = v.split(":", 2);
                runs.put(lv[0], List.of(lv[1].split(",")));
            }
        }
        List<String> lines = new ArrayList<>();
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "1"));
        List<String> names = new ArrayList<>(runs.keySet());
        for (int[] order : runOrder(names.size(), rounds)) { // as for throughput: each round in the opposite order
            int n = order[0] + 1;
            int round = order[1];
            String name = names.get(order[0]);
            String topic = "sensor-readings-latency-" + n + "-" + round;
            TopicProvisioner.ensure(client, List.of(topic), 4, (short) -1, Map.of());
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx4g"));
            cmd.addAll(childOpts(opts, n, round));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    Contender.class.getName(), "serve", bootstrap, topic, "0", dir.resolve("latency-" + n + "-" + round).toString(),
                    "topics.raw=" + topic));
            cmd.addAll(runs.get(name));
            System.err.println("latency run: " + name + (rounds > 1 ? ", round " + round : ""));
            Map<String, long[]> before = volumes(client);
            String result = new LatencyRun(bootstrap, topic, 5_000).run(new ProcessBuilder(cmd), client, sensors, rate, seconds, 30);
            printWritten(before, volumes(client), (long) (rate * seconds)); // changelog bytes: what each commit costs
            lines.add(String.format("latency %s%s at %.0f readings/s: %s", name, rounds > 1 ? " (round " + round + ")" : "", rate, result));
            System.err.println(lines.get(lines.size() - 1));
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    private static Row seed(Path shared, String bootstrap, long records) throws Exception {
        Path script = shared.resolve("baselines/seed-python/comprehensive_stream_processor.py");
        String name = "the seed's Python processor (at-least-once, processing time)";
        if (!Files.exists(script) || !Files.exists(Path.of("/usr/bin/python3"))) {
            System.err.println("skipping the seed's Python processor: " + script + " or /usr/bin/python3 not found");
            return new Row(name + " (skipped)", 0, 0, 0, 0, "", Double.NaN);
        }
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString());
        Map<String, String> env = pb.environment();
        env.put("BOOTSTRAP_SERVERS", bootstrap);
        env.put("RAW_TOPIC", TOPIC);
        env.put("AGG_TOPIC", "bench-seed-aggregated");
        env.put("ALERT_TOPIC", "bench-seed-alerts");
        env.put("GROUP_ID", "bench-seed-" + System.nanoTime());
        env.put("LOG_LEVEL", "ERROR");
        env.put("BENCH_MAX_MESSAGES", Long.toString(records));
        env.put("BENCH_IDLE_EXIT_S", "30");
        return run(name, records, pb, SEED);
    }

    /** Runs one contender process, sampling its CPU time and peak RSS from /proc until it exits. */
    private static Row run(String name, long records, ProcessBuilder pb, Pattern result) throws Exception {
        System.err.println("running: " + name);
        pb.redirectErrorStream(true);
        double brokerBefore = ownCpuSeconds();
        Map<String, Double> threadsBefore = ThreadCpu.byName();
        Process p = pb.start();
        double[] cpu = {0};
        long[] rss = {0};
        Thread sampler = new Thread(() -> {
            long ticks = 100; // USER_HZ on Linux
            while (p.isAlive()) {
                try {
                    String[] stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat")).split("\\) ")[1].split(" ");
                    cpu[0] = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / (double) ticks;
                    for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
                        if (line.startsWith("VmHWM:")) rss[0] = Long.parseLong(line.replaceAll("\\D", ""));
                    }
                    Thread.sleep(100);
                } catch (IOException | RuntimeException | InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        double seconds = Double.NaN;
        double secondHalf = Double.NaN;
        String changelog = "";
        List<String> tail = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = result.matcher(line);
                if (m.find()) seconds = Double.parseDouble(m.group(result == RESULT ? 2 : 1));
                Matcher h = SECOND_HALF.matcher(line);
                if (h.find()) secondHalf = Double.parseDouble(h.group(1));
                Matcher c = CHANGELOG.matcher(line);
                if (c.find()) changelog = c.group(1);
                if (line.startsWith("  changelog ") || line.startsWith("THREADS") || line.startsWith("SECOND_HALF")) System.err.println("  " + line.strip());
                tail.add(line);
                if (tail.size() > 20) tail.remove(0);
            }
        }
        p.waitFor();
        sampler.join(1_000);
        System.err.printf("  this process (the broker) used %.1f CPU s meanwhile:", ownCpuSeconds() - brokerBefore);
        Map<String, Double> threadsAfter = ThreadCpu.byName();
        threadsAfter.entrySet().stream().map(t -> Map.entry(t.getKey(), t.getValue() - threadsBefore.getOrDefault(t.getKey(), 0.0)))
                .filter(t -> t.getValue() >= 0.1).sorted((x, y) -> Double.compare(y.getValue(), x.getValue())).limit(6)
                .forEach(t -> System.err.printf(" %s=%.1f", t.getKey(), t.getValue()));
        System.err.println();
        if (Double.isNaN(seconds)) {
            System.err.println(name + " gave no result; its last lines:");
            tail.forEach(l -> System.err.println("  " + l));
        }
        Row row = new Row(name, Double.isNaN(seconds) ? 0 : records, Double.isNaN(seconds) ? 0 : seconds, cpu[0], rss[0], changelog,
                secondHalf);
        System.err.printf("  %.0f readings/s%n", row.rate());
        return row;
    }

    /** Per topic other than the input: {offsets, bytes on disk}; what a contender writes costs the shared broker CPU. */
    private static Map<String, long[]> volumes(Properties client) {
        Map<String, long[]> out = new java.util.TreeMap<>();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(client)) {
            List<Integer> ids = admin.describeCluster().nodes().get().stream().map(org.apache.kafka.common.Node::id).toList();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new LinkedHashMap<>();
            admin.describeLogDirs(ids).allDescriptions().get().values().forEach(dirs -> dirs.values().forEach(d -> d.replicaInfos().forEach((tp, info) -> {
                if (tp.topic().equals(TOPIC) || tp.topic().startsWith("__")) return;
                out.computeIfAbsent(tp.topic(), t -> new long[2])[1] += info.size();
                latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest());
            })));
            admin.listOffsets(latest).all().get().forEach((tp, o) -> out.get(tp.topic())[0] += o.offset());
        } catch (Exception e) {
            System.err.println("  (topic volumes unavailable: " + e + ")");
        }
        return out;
    }

    /** Prints what the contender wrote per input reading, by topic (offsets include transaction markers). */
    private static void printWritten(Map<String, long[]> before, Map<String, long[]> after, long readings) {
        after.forEach((topic, v) -> {
            long[] b = before.getOrDefault(topic, new long[2]);
            if (v[0] > b[0]) {
                System.err.printf("  wrote %s: %.4f offsets/reading, %.1f bytes/reading%n", topic, (v[0] - b[0]) / (double) readings,
                        (v[1] - b[1]) / (double) readings);
            }
        });
    }

    /** CPU seconds of this process so far: the embedded broker's share of a shared machine. */
    private static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static void print(List<Row> rows, long records, int sensors) {
        System.out.printf("%n%d seed-style readings from %d sensors, 4 partitions, embedded broker, %d cores%n%n", records, sensors,
                Runtime.getRuntime().availableProcessors());
        Map<String, List<Row>> byName = new LinkedHashMap<>();
        for (Row r : rows) byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
        boolean repeated = byName.values().stream().anyMatch(runs -> runs.size() > 1);
        System.out.println(repeated
                ? "| contender | readings/s (median of runs) | runs: min – max | second half, median | CPU (s) | peak RSS (MiB) | changelog records per reading |"
                : "| contender | readings/s | first → last (s) | second half (readings/s) | CPU (s) | peak RSS (MiB) | changelog records per reading |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        byName.forEach((name, runs) -> {
            Row r = runs.get(0);
            if (repeated) {
                double[] rates = runs.stream().filter(x -> x.records() > 0).mapToDouble(Row::rate).sorted().toArray();
                System.out.printf("| %s (%d) | %,.0f | %,.0f – %,.0f | %s | %.1f | %d | %s |%n", name, runs.size(), median(runs, Row::rate),
                        rates.length == 0 ? Double.NaN : rates[0], rates.length == 0 ? Double.NaN : rates[rates.length - 1],
                        perSecond(median(runs, Row::secondHalf)), median(runs, Row::cpu),
                        runs.stream().mapToLong(Row::rssKb).max().orElse(0) / 1024, r.changelog());
            } else {
                System.out.printf("| %s | %,.0f | %.2f | %s | %.1f | %d | %s |%n", name, r.rate(), r.seconds(), perSecond(r.secondHalf()),
                        r.cpu(), r.rssKb() / 1024, r.changelog());
            }
        });
        double ours = rate(rows, "sensorstream exactly-once");
        System.out.printf("%nvs_seed=%.2f vs_dsl=%.2f of_noop=%.2f of_ceiling=%.2f%n", ours / rate(rows, "the seed"),
                ours / rate(rows, "Kafka Streams DSL"), ours / rate(rows, "Kafka Streams no-op"), ours / rate(rows, "plain KafkaConsumer"));
    }

    /**
     * The runs of {@code contenders} over {@code rounds} as (contender index, round from 1): each round in the opposite
     * order of the one before. Example: 3 contenders, 2 rounds → (0,1) (1,1) (2,1) (2,2) (1,2) (0,2).
     */
    static List<int[]> runOrder(int contenders, int rounds) {
        if (rounds < 1) throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
        List<int[]> out = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int k = 0; k < contenders; k++) out.add(new int[] {round % 2 == 1 ? k : contenders - 1 - k, round});
        }
        return out;
    }

    /** {@code --child-opts} for one run: {@code {n}} the contender's number, {@code {r}} the round (e.g. a JFR file per run). */
    private static List<String> childOpts(Map<String, String> opts, int n, int round) {
        String o = opts.get("child-opts");
        return o == null ? List.of() : List.of(o.replace("{n}", Integer.toString(n)).replace("{r}", Integer.toString(round)).split(" "));
    }

    private static String perSecond(double rate) {
        return Double.isNaN(rate) ? "–" : String.format("%,.0f", rate);
    }

    /** The median of {@code f} over the runs that gave a result (the mean of the middle two of an even count); NaN without any. */
    static double median(List<Row> runs, java.util.function.ToDoubleFunction<Row> f) {
        double[] v = runs.stream().filter(r -> r.records() > 0).mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The median rate of the runs of the first contender whose name starts with {@code prefix}. */
    private static double rate(List<Row> rows, String prefix) {
        return rows.stream().filter(r -> r.name().startsWith(prefix) && r.records() > 0).findFirst()
                .map(first -> median(rows.stream().filter(r -> r.name().equals(first.name())).toList(), Row::rate))
                .orElse(Double.NaN);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
