package io.sensorstream.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorstream.core.reading.RejectReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * The pipeline's counters, registered once in a Micrometer registry and shared by all stream tasks. Names follow
 * Prometheus conventions once exported ({@code sensorstream_readings_in_total}, ...).
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    private final Counter recordsIn;
    private final Counter readingsLate;
    private final Counter windowsEmitted;
    private final Counter jumpAlerts;
    private final Counter detectorOutOfOrder;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        recordsIn = Counter.builder("sensorstream.records.in").description("Input records consumed").register(registry);
        readingsLate = Counter.builder("sensorstream.readings.late")
                .description("Valid readings that arrived after their window closed (sent to the late topic)")
                .register(registry);
        windowsEmitted = Counter.builder("sensorstream.windows.emitted")
                .description("Final window results published").register(registry);
        jumpAlerts = Counter.builder("sensorstream.alerts").tag("detector", "jump")
                .description("Alerts published").register(registry);
        detectorOutOfOrder = Counter.builder("sensorstream.readings.detector.out.of.order")
                .description("Readings behind the watermark that the detector saw in arrival order").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, Counter.builder("sensorstream.records.rejected").tag("reason", reason.code())
                    .description("Input records sent to the dead-letter topic").register(registry));
        }
    }

    /** Metrics into a private registry, for tests and tools that do not export them. */
    public static PipelineMetrics unexported() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void recordIn() {
        recordsIn.increment();
    }

    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public void late() {
        readingsLate.increment();
    }

    public void windowEmitted() {
        windowsEmitted.increment();
    }

    public void jumpAlert() {
        jumpAlerts.increment();
    }

    public void detectorOutOfOrder() {
        detectorOutOfOrder.increment();
    }

    public long recordsIn() {
        return (long) recordsIn.count();
    }

    public long rejectedTotal() {
        return (long) rejected.values().stream().mapToDouble(Counter::count).sum();
    }

    public long lateTotal() {
        return (long) readingsLate.count();
    }

    public long windowsEmittedTotal() {
        return (long) windowsEmitted.count();
    }

    public long alertsTotal() {
        return (long) jumpAlerts.count();
    }
}
