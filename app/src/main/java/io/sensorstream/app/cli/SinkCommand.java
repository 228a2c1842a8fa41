package io.sensorstream.app.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sensorstream.app.config.ConfigException;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.PipelineAssembly;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.sink.SinkServices;
import io.sensorstream.app.web.Telemetry;
import io.sensorstream.connectors.sink.SinkHealth;
import io.sensorstream.streams.PipelineSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Run the configured sinks alone (no processor): each reads the output topics in its own consumer "
                + "group and writes to its store. Start more to share the partitions. Exits 1 when a sink stops on a "
                + "permanent failure.")
final class SinkCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Mixin
    BootstrapOption cluster;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        cluster.addTo(overrides);
        SensorstreamConfig cfg = ConfigLoader.load(config.file, overrides);
        if (cfg.sinks().isEmpty()) {
            throw new ConfigException("no sinks configured: add a sinks: list to " + (config.file == null ? "a --config file" : config.file)
                    + ", e.g. - {type: postgres, jdbc-url: \"jdbc:postgresql://host:5432/db\", username: app, password: \"${PGPASSWORD}\"}");
        }
        io.sensorstream.app.pipeline.KafkaReachability.check(io.sensorstream.app.pipeline.ProcessorRunner.clientProperties(cfg),
                io.sensorstream.app.pipeline.KafkaReachability.DEFAULT_TIMEOUT);
        PipelineSettings settings = new PipelineAssembly(cfg).pipelineSettings();
        PrometheusMeterRegistry registry = Telemetry.registry();
        try (Lifecycle lifecycle = new Lifecycle()) {
            SinkServices sinks = lifecycle.add(SinkServices.start(cfg, settings.analytics(), settings.topics(), registry));
            System.out.println("sensorstream sinks " + sinks.health().stream().map(SinkHealth::sink).toList() + " reading from "
                    + cfg.bootstrapServers() + ". Press Ctrl-C to stop.");
            Thread watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    if (sinks.health().stream().anyMatch(h -> h.state() == SinkHealth.State.FAILED)) {
                        lifecycle.close();
                        return;
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "sink-watcher");
            watcher.setDaemon(true);
            watcher.start();
            lifecycle.awaitStop();
            for (SinkHealth h : sinks.health()) {
                if (h.state() == SinkHealth.State.FAILED) {
                    System.err.println("error: sink '" + h.sink() + "' stopped: " + h.detail());
                    return 1;
                }
            }
        }
        return 0;
    }
}
