package io.sensorstream.app.cli;

import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the stream processor against a Kafka cluster. Start more instances with the same "
                + "application-id to share the partitions.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Mixin
    BootstrapOption cluster;

    @Option(names = "--http-port", description = "Port of the web page and health endpoints, overrides http.port.")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        cluster.addTo(overrides);
        if (httpPort != null) overrides.put("http.port", httpPort.toString());
        SensorstreamConfig cfg = ConfigLoader.load(config.file, overrides);
        try (Lifecycle lifecycle = new Lifecycle()) {
            PipelineServices services = PipelineServices.start(lifecycle, cfg);
            System.out.println("sensorstream processor '" + cfg.applicationId() + "' started on " + cfg.bootstrapServers()
                    + (services.web != null ? "; live page at " + PipelineServices.url(cfg) : "") + ". Press Ctrl-C to stop.");
            while (!lifecycle.awaitStop(Duration.ofSeconds(1))) {
                if (services.processor.state() == KafkaStreams.State.ERROR) {
                    System.err.println("error: the processor stopped (see the log above); exiting");
                    return 1;
                }
            }
        }
        return 0;
    }
}
