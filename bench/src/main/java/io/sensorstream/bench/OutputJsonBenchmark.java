package io.sensorstream.bench;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.AlertState;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.detect.Severity;
import io.sensorstream.core.engine.EmitKind;
import io.sensorstream.core.engine.WindowResult;
import io.sensorstream.core.format.OutputJson;
import io.sensorstream.core.stats.MetricSummary;
import io.sensorstream.core.stats.WindowSummary;
import io.sensorstream.core.window.WindowDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What encoding one output record costs (the stream thread encodes every result and alert it publishes): a jump
 * alert in the seed's format, a window result with the default statistics and quantiles, a detector-suite alert event.
 * In a 4 M-reading profile the jump alerts alone (one per 26 readings) were 6 % of the stream thread.
 * Run: {@code java -jar bench/target/benchmarks.jar OutputJson}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OutputJsonBenchmark {

    private final OutputJson json = new OutputJson(List.of("temperature"), List.of(0.5, 0.95, 0.99));
    private final JumpAlert jump = new JumpAlert("sensor-004217", "temperature", 31.27, 24.93, 6.34, 5.0,
            1_700_000_123_456L, 1_700_000_122_456L);
    private final WindowResult window = new WindowResult("sensor-004217", WindowDefinition.tumbling(Duration.ofMinutes(1)),
            1_700_000_100_000L, 1_700_000_160_000L, EmitKind.FINAL, 0, new WindowSummary(60, List.of(new MetricSummary(60,
            1_473.6, 24.56, 20.07, 29.91, 2.83, 23.1, 25.76, 0.0449, List.of(24.43, 29.1, 29.83))), Map.of()));
    private final AlertEvent event = new AlertEvent("sensor-004217/temperature/ewma/1700000123456", AlertState.FIRING,
            "sensor-004217", "temperature", "ewma", Severity.WARNING, 31.27, 6.71, 24.6, 19.1, 30.1, 1_700_000_123_456L,
            1_700_000_123_456L);

    @Benchmark
    public byte[] jumpAlert() {
        return json.jumpAlert(jump, 1_700_000_124_000L);
    }

    @Benchmark
    public byte[] windowResult() {
        return json.windowResult(window, 1_700_000_165_000L);
    }

    @Benchmark
    public byte[] alertEvent() {
        return json.alertEvent(event, 1_700_000_124_000L);
    }
}
