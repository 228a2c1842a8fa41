package io.sensorstream.bench.compare;

import io.sensorstream.app.simulate.SimulatorRunner;
import io.sensorstream.core.format.OutputDecoder;
import io.sensorstream.core.format.OutputFormatException;
import io.sensorstream.core.format.OutputRecord;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatedRecord;
import io.sensorstream.core.simulate.SimulatorSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Result latency at a fixed input rate: readings in event time = wall clock, paced; the processor in its own JVM;
 * a {@code read_committed} consumer of the results. A window result's latency runs from the moment its window became
 * closable (the first reading on its partition with event time ≥ end + watermark delay was acknowledged by the broker)
 * to the moment the result is readable; a jump alert's from the moment the watermark passed its reading (first
 * reading with event time > t + delay acknowledged). Prints p50/p99/p99.9/max per kind, and splits the alerts'
 * latency at the alert's {@code alert_time} (the processor's clock): closable → emitted, emitted → readable. The
 * processor prints Kafka Streams' own stream-thread timings every 10 s ({@code DIAG} lines, forwarded to stderr).
 * {@code -DfetchMaxWait=MS} sets the result consumer's {@code fetch.max.wait.ms} (default 500, Kafka's), to check that
 * the reader adds nothing.
 */
final class LatencyRun {

    private final String bootstrap;
    private final String topic;
    private final long delayMs;
    /** Per input partition: wall time (ms) at which each new maximum event time was acknowledged. */
    private final Map<Integer, TreeMap<Long, Long>> progress = new ConcurrentHashMap<>();
    private final Map<Integer, Long> maxEventTime = new ConcurrentHashMap<>();

    LatencyRun(String bootstrap, String topic, long delayMs) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.delayMs = delayMs;
    }

    /** The processor's commit timer in its DIAG lines: commits so far, then p50, p99 and max of the last minute. */
    private static final Pattern COMMITS = Pattern.compile("commits=(\\d+) commit\\.p50=([0-9.]+) commit\\.p99=([0-9.]+) commit\\.max=([0-9.]+)");

    /** Runs {@code seconds} of input at {@code rate} readings/s against a processor started by {@code processor}. */
    String run(ProcessBuilder processor, Properties client, int sensors, double rate, int seconds, int warmupSeconds)
            throws Exception {
        processor.redirectErrorStream(true);
        Process p = processor.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.contains("RUNNING")) {
            // start-up log
        }
        AtomicReference<String> commits = new AtomicReference<>("-");
        Thread drain = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    if (!l.startsWith("DIAG ")) continue;
                    System.err.println("  " + l);
                    Matcher m = COMMITS.matcher(l);
                    if (m.find()) commits.set("n=" + m.group(1) + " p50=" + m.group(2) + " ms p99=" + m.group(3) + " ms max=" + m.group(4) + " ms");
                }
            } catch (Exception ignored) {
                // process gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        Histogram windows = new Histogram(3_600_000L, 3);
        Histogram alerts = new Histogram(3_600_000L, 3);
        Histogram processed = new Histogram(3_600_000L, 3);
        Histogram committed = new Histogram(3_600_000L, 3);
        long measureFrom = System.currentTimeMillis() + warmupSeconds * 1_000L;
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> read(windows, alerts, processed, committed, measureFrom, stop), "latency-reader");
        reader.start();
        SimulatorSettings sim = new SimulatorSettings(sensors, rate / sensors, 7, System.currentTimeMillis(), 0, 0, 0, 0);
        try (var producer = SimulatorRunner.createProducer(client)) {
            new SimulatorRunner(producer, topic).run(new SensorSimulator(sim), -1, Duration.ofSeconds(seconds), 1.0,
                    () -> false, this::acknowledged);
        }
        Thread.sleep(5_000 + 2 * delayMs); // the last results
        stop.set(true);
        reader.join(10_000);
        p.getOutputStream().close();
        p.waitFor();
        return String.format("window results: n=%d p50=%d ms p99=%d ms p99.9=%d ms max=%d ms; jump alerts: n=%d p50=%d ms p99=%d ms "
                        + "p99.9=%d ms max=%d ms (of which closable → emitted p50=%d p99=%d ms, emitted → readable p50=%d p99=%d ms);"
                + " commits over the last minute: %s",
                windows.getTotalCount(), windows.getValueAtPercentile(50),
                windows.getValueAtPercentile(99), windows.getValueAtPercentile(99.9), windows.getMaxValue(),
                alerts.getTotalCount(), alerts.getValueAtPercentile(50), alerts.getValueAtPercentile(99),
                alerts.getValueAtPercentile(99.9), alerts.getMaxValue(), processed.getValueAtPercentile(50),
                processed.getValueAtPercentile(99), committed.getValueAtPercentile(50), committed.getValueAtPercentile(99),
                commits.get());
    }

    private void acknowledged(SimulatedRecord r, RecordMetadata m, Exception error) {
        if (error != null || r.reading() == null) return;
        long t = r.reading().eventTimeMs();
        long now = System.currentTimeMillis();
        synchronized (this) {
            Long max = maxEventTime.get(m.partition());
            if (max == null || t > max) {
                maxEventTime.put(m.partition(), t);
                progress.computeIfAbsent(m.partition(), k -> new TreeMap<>()).put(t, now);
            }
        }
    }

    /** Wall time at which partition {@code p}'s maximum event time first reached {@code eventTime}, or -1. */
    private synchronized long reached(int p, long eventTime) {
        TreeMap<Long, Long> timeline = progress.get(p);
        var e = timeline == null ? null : timeline.ceilingEntry(eventTime);
        return e == null ? -1 : e.getValue();
    }

    private void read(Histogram windows, Histogram alerts, Histogram processed, Histogram committed, long measureFrom,
                      AtomicBoolean stop) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, System.getProperty("fetchMaxWait", "500"));
        OutputDecoder decoder = new OutputDecoder(List.of("temperature"), List.of(0.5, 0.95, 0.99));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of("sensor-readings-aggregated", "sensor-alerts")) {
                consumer.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    OutputRecord out;
                    try {
                        out = decoder.decode(r.value());
                    } catch (OutputFormatException e) {
                        continue;
                    }
                    long closable = -1;
                    Histogram h = null;
                    if (out instanceof OutputRecord.Window w) {
                        closable = reached(r.partition(), w.endMs() + delayMs);
                        h = windows;
                    } else if (out instanceof OutputRecord.Jump j) {
                        closable = reached(r.partition(), j.alert().eventTimeMs() + delayMs + 1);
                        h = alerts;
                    }
                    if (h != null && closable >= measureFrom) {
                        h.recordValue(Math.max(0, now - closable));
                        if (out instanceof OutputRecord.Jump j) { // the alert's emission time is the processor's clock
                            processed.recordValue(Math.max(0, j.alertTimeMs() - closable));
                            committed.recordValue(Math.max(0, now - j.alertTimeMs()));
                        }
                    }
                }
            }
        }
    }
}
