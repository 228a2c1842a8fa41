package io.sensorstream.app.cli;

import io.sensorstream.app.config.DurationParser;
import io.sensorstream.app.simulate.SimulatorRunner;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatorSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.KafkaReachability;
import io.sensorstream.app.pipeline.ProcessorRunner;
import java.util.LinkedHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Send simulated sensor readings (the seed's simulator, generalised) to Kafka.")
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    SimulationOptions simulation;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFileOption config;

    @Mixin
    BootstrapOption cluster;

    @Option(names = "--topic", description = "Topic (default: topics.raw of the configuration, sensor-readings-raw).")
    String topic;

    @Option(names = "--count", defaultValue = "-1", description = "Stop after this many records (default: no limit).")
    long count;

    @Option(names = "--duration", description = "Stop after this long, e.g. 30s, 5m (default: no limit).")
    String duration;

    @Option(names = "--fast", description = "Do not pace to the wall clock: send as fast as possible, event time advancing virtually.")
    boolean fast;

    @Option(names = "--speedup", defaultValue = "1", description = "Event time runs this many times faster than the wall clock, "
            + "e.g. 60 sends an hour of readings per minute (default: ${DEFAULT-VALUE}).")
    double speedup;

    @Option(names = "--start-time", description = "Event time of the first reading, ISO-8601 or epoch ms (default: now).")
    String startTime;

    @Option(names = "--late-by-ms", defaultValue = "180000", description = "How far behind late readings are (default: ${DEFAULT-VALUE}).")
    long lateByMs;

    @Override
    public Integer call() {
        long start = parseStart(startTime);
        SimulatorSettings settings = simulation.settings(start, lateByMs);
        Duration limit = duration == null ? null : DurationParser.parse(duration);
        // the configuration gives the cluster and its security settings (kafka.security.protocol, kafka.sasl.*, ...)
        SensorstreamConfig cfg = ConfigLoader.load(config.file, cluster.addTo(new LinkedHashMap<>()));
        Properties client = ProcessorRunner.clientProperties(cfg);
        String bootstrapServers = cfg.bootstrapServers();
        String topic = this.topic != null ? this.topic : cfg.topics().raw();
        KafkaReachability.check(client, KafkaReachability.DEFAULT_TIMEOUT);
        AtomicBoolean stop = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        System.err.println("Sending " + (count < 0 ? "readings" : count + " records") + " from " + simulation.sensors + " sensors at "
                + (fast ? "full speed" : simulation.rate + "/s each") + " to " + topic + " on " + bootstrapServers + " (Ctrl-C to stop)");
        try (KafkaProducer<byte[], byte[]> producer = SimulatorRunner.createProducer(client)) {
            SimulatorRunner.Summary s = new SimulatorRunner(producer, topic)
                    .run(new SensorSimulator(settings), count, limit, fast ? 0.0 : speedup, stop::get, null);
            System.out.printf("sent=%d malformed=%d late=%d failed=%d seconds=%.3f rate=%.0f/s%n", s.sent(), s.malformed(),
                    s.late(), s.failed(), s.elapsed().toNanos() / 1e9, s.recordsPerSecond());
            if (s.failed() > 0) {
                spec.commandLine().getErr().println("error: " + s.failed() + " readings were not accepted by " + topic + " on "
                        + bootstrapServers + ": " + s.firstError());
                return 1;
            }
            return 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down
            }
        }
    }

    static long parseStart(String text) {
        if (text == null) {
            return System.currentTimeMillis();
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Instant.parse(text).toEpochMilli();
        }
    }
}
