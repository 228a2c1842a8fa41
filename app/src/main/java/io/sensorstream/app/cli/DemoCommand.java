package io.sensorstream.app.cli;

import io.sensorstream.app.UserError;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.DurationParser;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.simulate.SimulatorRunner;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Everything in one process: an embedded Kafka broker, the simulator, the processor and the live page.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    SimulationOptions simulation;

    @Mixin
    ConfigFileOption config;

    @Option(names = "--window", defaultValue = "60s", description = "Tumbling window size (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--watermark-delay", defaultValue = "5s", description = "Bounded out-of-orderness (default: ${DEFAULT-VALUE}).")
    String watermarkDelay;

    @Option(names = "--threshold", defaultValue = "5.0", description = "Jump alert threshold (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--http-port", defaultValue = "8080", description = "Web page port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Embedded Kafka port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--data-dir", description = "Keep broker and state data here across runs (default: a temporary directory, deleted on exit).")
    Path dataDir;

    @Option(names = "--sink", description = "Also write results and alerts to a store the demo starts: postgres (a real PostgreSQL, "
            + "embedded) or files (Parquet under the data directory). Repeatable.")
    List<String> sinks = new ArrayList<>();

    @Option(names = "--postgres-port", defaultValue = "5432", description = "Port of the demo's PostgreSQL with --sink postgres "
            + "(default: ${DEFAULT-VALUE}).")
    int postgresPort;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Duration windowSize = DurationParser.parse(window);
        DurationParser.parse(watermarkDelay);
        SimulatorSettings sim = simulation.settings(System.currentTimeMillis(), 3 * windowSize.toMillis());
        if (threshold < 0 || Double.isNaN(threshold)) {
            throw new UserError("--threshold must be >= 0, got " + threshold);
        }
        DemoSinks.validate(sinks);
        FatalBrokerExit.install();
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("sensorstream-demo-") : dataDir.toAbsolutePath();
        try (Lifecycle lifecycle = new Lifecycle()) {
            if (temporary) {
                lifecycle.add(() -> deleteRecursively(dir));
            }
            EmbeddedKafkaBroker broker = lifecycle.add(new EmbeddedKafkaBroker(kafkaPort, dir.resolve("kafka"), 4, Map.of()));
            EmbeddedKafkaBroker.ensurePortFree(httpPort,
                    "HTTP port " + httpPort + " is already in use: stop what uses it or choose another with --http-port");
            broker.start(Duration.ofSeconds(90));

            Map<String, String> overrides = new LinkedHashMap<>();
            overrides.put("application-id", "sensorstream-demo");
            overrides.put("bootstrap-servers", broker.bootstrapServers());
            overrides.put("window.size", window);
            overrides.put("window.advance", window);
            overrides.put("window.watermark-delay", watermarkDelay);
            overrides.put("detect.jump-threshold", Double.toString(threshold));
            overrides.put("http.port", Integer.toString(httpPort));
            overrides.put("processing.state-dir", dir.resolve("state").toString());
            DemoSinks stores = DemoSinks.start(sinks, postgresPort, dir, lifecycle);
            SensorstreamConfig cfg = ConfigLoader.load(config.file, overrides).withSinks(stores.sinks());
            PipelineServices services = PipelineServices.start(lifecycle, cfg);

            AtomicBoolean stop = new AtomicBoolean();
            KafkaProducer<byte[], byte[]> producer = SimulatorRunner.createProducer(ProcessorRunner.clientProperties(cfg));
            Thread simulator = new Thread(() -> new SimulatorRunner(producer, cfg.topics().raw())
                    .run(new SensorSimulator(sim), -1, null, true, stop::get, null), "simulator");
            lifecycle.add(() -> {
                stop.set(true);
                simulator.join(5_000);
                producer.close(Duration.ofSeconds(5));
            });
            simulator.start();

            boolean running = services.processor.awaitRunning(Duration.ofSeconds(90));
            double startup = (System.nanoTime() - t0) / 1e9;
            long firstResultS = (windowSize.toMillis() + DurationParser.parse(watermarkDelay).toMillis()) / 1000;
            System.out.printf("%nsensorstream demo %s in %.1f s%n", running ? "started" : "is still starting", startup);
            System.out.println("  live page:  " + PipelineServices.url(cfg));
            System.out.println("  kafka:      " + broker.bootstrapServers() + "   e.g. kcat -b " + broker.bootstrapServers()
                    + " -t " + cfg.topics().aggregated() + " -C");
            System.out.println("  simulator:  " + simulation.sensors + " sensors x " + simulation.rate + " readings/s -> " + cfg.topics().raw());
            System.out.println("  windows:    " + DurationParser.format(windowSize) + " tumbling, watermark delay "
                    + watermarkDelay + ": first results within about " + firstResultS + " s");
            stores.lines().forEach(System.out::println);
            System.out.println("Press Ctrl-C to stop.");
            lifecycle.awaitStop();
        }
        return 0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
