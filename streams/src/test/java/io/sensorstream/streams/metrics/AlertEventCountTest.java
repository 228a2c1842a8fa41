package io.sensorstream.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.core.detect.AlertState;
import org.junit.jupiter.api.Test;

/** Alert events are counted per detector, severity and state, on one meter each however often they come. */
class AlertEventCountTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PipelineMetrics metrics = new PipelineMetrics(registry);

    private double count(String detector, String severity, String state) {
        var counter = registry.find("sensorstream.alert.events").tag("detector", detector).tag("severity", severity)
                .tag("state", state).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void eachCombinationHasItsOwnCount() {
        for (int i = 0; i < 3; i++) metrics.alertEvent("ewma", "warning", AlertState.FIRING);
        metrics.alertEvent("ewma", "warning", AlertState.RESOLVED);
        metrics.alertEvent("ewma", "critical", AlertState.FIRING);
        metrics.alertEvent("flatline", "critical", AlertState.FIRING);
        metrics.alertEvent("flatline", "critical", AlertState.FIRING);

        assertThat(count("ewma", "warning", "firing")).isEqualTo(3);
        assertThat(count("ewma", "warning", "resolved")).isEqualTo(1);
        assertThat(count("ewma", "critical", "firing")).isEqualTo(1);
        assertThat(count("ewma", "critical", "resolved")).isZero();
        assertThat(count("flatline", "critical", "firing")).isEqualTo(2);
        assertThat(registry.find("sensorstream.alert.events").counters()).hasSize(4);
    }

    @Test
    void aCounterRegisteredElsewhereFirstIsTheOneCounted() {
        registry.counter("sensorstream.alert.events", "detector", "ewma", "severity", "warning", "state", "firing").increment(5);
        metrics.alertEvent("ewma", "warning", AlertState.FIRING);
        assertThat(count("ewma", "warning", "firing")).isEqualTo(6);
    }
}
