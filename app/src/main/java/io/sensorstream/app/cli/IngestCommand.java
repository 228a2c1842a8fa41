package io.sensorstream.app.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sensorstream.app.config.ConfigException;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.PipelineAssembly;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.ingest.MqttIngest;
import io.sensorstream.app.web.Telemetry;
import io.sensorstream.streams.PipelineSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Run the MQTT bridge alone (no processor): readings from the configured MQTT topics into the input "
                + "topic, each acknowledged to the MQTT broker once Kafka has it.")
final class IngestCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Mixin
    BootstrapOption cluster;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        cluster.addTo(overrides);
        SensorstreamConfig cfg = ConfigLoader.load(config.file, overrides);
        if (cfg.ingest().mqtt() == null || !cfg.ingest().mqtt().enabled()) {
            throw new ConfigException("no MQTT bridge configured: set ingest.mqtt.server-uri and ingest.mqtt.topics, e.g. "
                    + "server-uri: tcp://mosquitto:1883, topics: [\"sensors/+/telemetry\"]");
        }
        io.sensorstream.app.pipeline.KafkaReachability.check(io.sensorstream.app.pipeline.ProcessorRunner.clientProperties(cfg),
                io.sensorstream.app.pipeline.KafkaReachability.DEFAULT_TIMEOUT);
        PipelineSettings settings = new PipelineAssembly(cfg).pipelineSettings();
        PrometheusMeterRegistry registry = Telemetry.registry();
        try (Lifecycle lifecycle = new Lifecycle()) {
            lifecycle.add(MqttIngest.startIfConfigured(cfg, settings, registry));
            System.out.println("sensorstream MQTT bridge: " + cfg.ingest().mqtt().topics() + " on " + cfg.ingest().mqtt().serverUri()
                    + " -> " + settings.topics().raw() + " on " + cfg.bootstrapServers() + ". Press Ctrl-C to stop.");
            lifecycle.awaitStop();
        }
        return 0;
    }
}
