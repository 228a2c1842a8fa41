package io.sensorstream.bench;

import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.DetectorCatalog;
import io.sensorstream.core.detect.DetectorSet;
import io.sensorstream.core.engine.AnalyticsOutput;
import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.engine.PartitionAnalytics;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.state.AnalyticsState;
import io.sensorstream.core.state.SensorRecord;
import io.sensorstream.core.state.StateCodecs;
import io.sensorstream.core.state.VersionedCodec;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a commit costs per changed sensor: encoding its record (default windows, p50/p95/p99, EWMA and flatline) and,
 * at a restore, decoding it. The records are those of 2 500 sensors sending 5 readings a second with two decimals
 * between 18 and 22, 30 s into a 1 min window (150 exact values each). Prints the record size once.
 * Run: {@code java -jar bench/target/benchmarks.jar StateCodec}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StateCodecBenchmark {

    private static final int SENSORS = 2_500;

    private VersionedCodec<SensorRecord> codec;
    private SensorRecord[] records;
    private byte[][] encoded;
    private int next;

    @Setup
    public void setUp() {
        DetectorCatalog catalog = DetectorCatalog.standard();
        DetectionPlan plan = new DetectionPlan(List.of(new DetectorSet("*", List.of(catalog.create("ewma", Map.of(), 1),
                catalog.create("flatline", Map.of(), 1)))), 0, new AlertLifecycle(3, 60_000), "bench");
        AnalyticsState state = AnalyticsState.inMemory();
        PartitionAnalytics engine = new PartitionAnalytics(AnalyticsSpec.seedDefaults().withDetection(plan), state, new AnalyticsOutput() { });
        SplittableRandom random = new SplittableRandom(1);
        long t0 = 1_700_000_000_000L / 60_000 * 60_000;
        for (long t = 0; t < 90_000; t += 200) {
            for (int s = 0; s < SENSORS; s++) {
                engine.onReading(new Reading("sensor-" + s, t0 + t, new double[] {(1_800 + random.nextInt(401)) / 100.0}, Map.of()));
            }
        }
        codec = StateCodecs.sensorRecord(plan);
        records = new SensorRecord[SENSORS];
        encoded = new byte[SENSORS][];
        long bytes = 0;
        for (int s = 0; s < SENSORS; s++) {
            records[s] = state.sensors().get("sensor-" + s);
            encoded[s] = codec.encode(records[s]);
            bytes += encoded[s].length;
        }
        System.out.printf("%nsensor record: %.1f bytes (format v%d)%n", bytes / (double) SENSORS, codec.version());
    }

    @Benchmark
    public int encodeRecord() {
        next = next + 1 == SENSORS ? 0 : next + 1;
        return codec.encode(records[next]).length;
    }

    @Benchmark
    public SensorRecord decodeRecord() {
        next = next + 1 == SENSORS ? 0 : next + 1;
        return codec.decode(encoded[next]);
    }
}
