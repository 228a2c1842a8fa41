package io.sensorstream.app.pipeline;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.app.UserError;
import io.sensorstream.app.broker.EmbeddedKafkaBroker;
import io.sensorstream.app.config.ConfigLoader;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application id whose state an earlier build wrote in its one-store-per-table layout (here: its windows
 * changelog exists) is refused at start with the reset to run, never started with that state silently ignored.
 */
class RetiredStateIT {

    @TempDir
    Path dir;

    @Test
    void stateOfTheOldStoreLayoutIsRefusedWithTheResetToRun() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Ports.free(), dir.resolve("kafka"), 1, Map.of())
                .start(Duration.ofSeconds(90))) {
            SensorstreamConfig cfg = new ConfigLoader(Map.of()).read(null, Map.of(
                    "application-id", "upgraded-app",
                    "bootstrap-servers", broker.bootstrapServers(),
                    "processing.state-dir", dir.resolve("state").toString(),
                    "http.enabled", "false"));
            TopicProvisioner.ensure(ProcessorRunner.clientProperties(cfg), List.of("upgraded-app-windows-changelog"), 1, (short) -1, Map.of());
            ProcessorRunner runner = new ProcessorRunner(cfg, new SimpleMeterRegistry());
            assertThatThrownBy(runner::start).isInstanceOf(UserError.class)
                    .hasMessageContaining("application id 'upgraded-app' holds state of an earlier sensorstream build "
                            + "(upgraded-app-windows-changelog)")
                    .hasMessageContaining("kafka-streams-application-reset.sh --bootstrap-server " + broker.bootstrapServers()
                            + " --application-id upgraded-app");
            runner.close();
        }
    }
}
