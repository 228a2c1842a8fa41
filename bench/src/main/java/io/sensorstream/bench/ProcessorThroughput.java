package io.sensorstream.bench;

import io.sensorstream.app.config.PipelineAssembly;
import java.util.Comparator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.pipeline.TopicProvisioner;
import io.sensorstream.app.simulate.SimulatorRunner;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatorSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * End-to-end processor throughput on the embedded broker: pre-loads N simulated readings into the input topic,
 * then starts the processor from scratch and times how long it takes to consume and process all of them (with the
 * configured guarantee; exactly-once by default). Prints one line per configuration:
 * {@code processor guarantee=... store=... records=N seconds=S rate=R/s}.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sensorstream.bench.ProcessorThroughput [records] [sensors]
 * [key=value ...]} where key=value are configuration overrides such as {@code processing.guarantee=at_least_once}.
 */
public final class ProcessorThroughput {

    public static void main(String[] args) throws Exception {
        long records = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int sensors = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            overrides.put(kv[0], kv[1]);
        }
        Path dir = Files.createTempDirectory("sensorstream-bench-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("localhost"))) {
            port = s.getLocalPort();
        }
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(port, dir.resolve("kafka"), 4, Map.of())
                .start(Duration.ofSeconds(90))) {
            overrides.put("bootstrap-servers", broker.bootstrapServers());
            overrides.putIfAbsent("processing.state-dir", dir.resolve("state").toString());
            overrides.putIfAbsent("http.enabled", "false");
            SensorstreamConfig cfg = new ConfigLoader(Map.of()).read(null, overrides);
            List<String> topics = new ArrayList<>(new PipelineAssembly(cfg).pipelineSettings().topics().outputs());
            topics.add(cfg.topics().raw());
            TopicProvisioner.ensure(ProcessorRunner.clientProperties(cfg), topics, cfg.topics().partitions(), (short) -1, cfg.topics().configs());

            SimulatorSettings sim = new SimulatorSettings(sensors, 1, 1, 1_700_000_000_000L, 2_000, 0, 0, 0);
            try (KafkaProducer<byte[], byte[]> producer = SimulatorRunner.createProducer(ProcessorRunner.clientProperties(cfg))) {
                SimulatorRunner.Summary s = new SimulatorRunner(producer, cfg.topics().raw())
                        .run(new SensorSimulator(sim), records, null, false, () -> false, null);
                System.out.printf("simulator records=%d seconds=%.2f rate=%.0f/s%n", s.sent(), s.elapsed().toNanos() / 1e9,
                        s.recordsPerSecond());
            }

            long t0 = System.nanoTime();
            try (ProcessorRunner processor = new ProcessorRunner(cfg, new SimpleMeterRegistry()).start()) {
                long lastReport = t0;
                while (processor.metrics().recordsIn() < records) {
                    Thread.sleep(20);
                    if (System.nanoTime() - lastReport > 5e9) {
                        lastReport = System.nanoTime();
                        System.out.printf("  ... %d records after %.1f s%n", processor.metrics().recordsIn(), (lastReport - t0) / 1e9);
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("processor guarantee=%s store=%s records=%d sensors=%d seconds=%.2f rate=%.0f/s windows=%d alerts=%d%n",
                        cfg.processing().guarantee(), cfg.processing().stateStore(), records, sensors, seconds, records / seconds,
                        processor.metrics().windowsEmittedTotal(), processor.metrics().alertsTotal());
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
