package io.sensorstream.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatorSettings;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class SimulatorRunnerTest {

    /** {@code simulate --sensors 5 --rate 2 --duration 1s}: about ten readings in about a second, not 256 in 25 s. */
    @Test
    void aPacedRunStopsAtItsDuration() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        SimulatorSettings settings = new SimulatorSettings(5, 2, 42, System.currentTimeMillis(), 0, 0, 0, 0);
        SimulatorRunner.Summary s = new SimulatorRunner(producer, "raw")
                .run(new SensorSimulator(settings), -1, Duration.ofSeconds(1), 1.0, () -> false, null);
        assertThat(s.elapsed()).isLessThan(Duration.ofMillis(1_500));
        assertThat(s.sent()).isBetween(5L, 20L);
        assertThat(producer.history()).hasSize((int) s.sent());
    }
}
