package io.sensorstream.bench;

import io.sensorstream.core.detect.AlertEvent;
import io.sensorstream.core.detect.JumpAlert;
import io.sensorstream.core.engine.AnalyticsOutput;
import io.sensorstream.core.engine.AnalyticsSpec;
import io.sensorstream.core.state.AnalyticsState;
import io.sensorstream.core.engine.LateReading;
import io.sensorstream.core.engine.PartitionAnalytics;
import io.sensorstream.core.engine.WindowResult;
import io.sensorstream.core.format.OutputJson;
import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.ReadingParser;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatorSettings;
import io.sensorstream.core.stats.RunningStats;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import io.sensorstream.core.detect.AlertLifecycle;
import io.sensorstream.core.detect.DetectionPlan;
import io.sensorstream.core.detect.Detector;
import io.sensorstream.core.detect.DetectorSet;
import io.sensorstream.core.detect.EwmaZScoreDetector;
import io.sensorstream.core.detect.FlatlineDetector;
import io.sensorstream.core.detect.RandomCutForestDetector;

/**
 * Per-reading cost of the pure-Java hot path every input record goes through: JSON parsing and validation, the
 * statistics update, and the whole per-partition engine (window assignment, state lookup, aggregation, watermark,
 * window closing, event-time buffer and jump detector), with and without quantiles.
 * Run: {@code java -jar bench/target/benchmarks.jar CoreHotPath}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoreHotPathBenchmark {

    private static final int N = 1 << 16;

    /**
     * {@code windows}: tumbling windows with count/avg/min/max/stddev; {@code +jump}: plus the detector; {@code full}:
     * plus p50/p95/p99; {@code full+suite}: plus the default detector suite (EWMA, flatline, lifecycle) and silent-sensor
     * alerts; {@code full+rcf}: plus Random Cut Forest (30 trees of 256) on every sensor.
     */
    @Param({"windows", "windows+jump", "full", "full+suite", "full+rcf"})
    public String pipeline;

    /**
     * Sensors in the sample (one reading a second each): 1 000 fit in the CPU's caches; 10 000 (as in
     * {@code ./bench/compare}) do not, so every reading's first touch of its sensor's state misses.
     */
    @Param({"1000"})
    public int sensors;

    /**
     * What else passes through the CPU's caches per reading in the pipeline: {@code none}; {@code kafka}: each reading
     * gets a fresh sensor-id string, as the parser makes one, and 1 200 bytes are allocated beside it, about what Kafka's
     * own record path allocates per record (JFR of the no-op processor), so the engine's state is evicted between two
     * readings of a sensor as in the pipeline.
     */
    @Param({"none"})
    public String churn;

    private final ReadingParser parser = new ReadingParser(ReadingFormat.seedDefault());
    private final RunningStats stats = new RunningStats();
    private byte[][] records;
    private Reading[] readings;
    private PartitionAnalytics engine;
    private OutputJson output;
    private Blackhole hole;
    /** Readings offered to the engine so far. */
    private long offered;
    private long shift;
    /** Event time the sample spans, rounded up to whole seconds: the shift of each replay of it. */
    private long span;
    private int i;
    private boolean kafkaChurn;

    @Setup
    public void setup(Blackhole blackhole) {
        hole = blackhole;
        kafkaChurn = switch (churn) {
            case "none" -> false;
            case "kafka" -> true;
            default -> throw new IllegalArgumentException("churn: none or kafka, got " + churn);
        };
        SensorSimulator sim = new SensorSimulator(new SimulatorSettings(sensors, 1, 1, 1_700_000_000_000L, 2_000, 0, 0, 0));
        records = new byte[N][];
        readings = new Reading[N];
        for (int k = 0; k < N; k++) {
            var r = sim.next();
            records[k] = r.value();
            readings[k] = r.reading();
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Reading r : readings) {
            first = Math.min(first, r.eventTimeMs());
            last = Math.max(last, r.eventTimeMs());
        }
        span = (last - first) / 1_000 * 1_000 + 1_000;
        AnalyticsSpec spec = AnalyticsSpec.seedDefaults();
        spec = switch (pipeline) {
            case "windows" -> spec.withPercentiles(List.of()).withJumps(false, 5.0);
            case "windows+jump" -> spec.withPercentiles(List.of());
            case "full+suite" -> spec.withDetection(suite(List.of(new EwmaZScoreDetector(0.05, 6, 60, 0.01), new FlatlineDetector(0, 60))));
            case "full+rcf" -> spec.withDetection(suite(List.of(new EwmaZScoreDetector(0.05, 6, 60, 0.01), new FlatlineDetector(0, 60),
                    new RandomCutForestDetector(RandomCutForestDetector.Settings.defaults()))));
            default -> spec;
        };
        output = new OutputJson(spec.format().metricNames(), spec.percentiles());
        engine = new PartitionAnalytics(spec, AnalyticsState.inMemory(), new AnalyticsOutput() {
            @Override
            public void window(WindowResult r) {
                hole.consume(r.summary().metric(0).mean());
            }

            @Override
            public void alert(JumpAlert a) {
                hole.consume(a);
            }

            @Override
            public void alertEvent(AlertEvent e) {
                hole.consume(e);
            }

            @Override
            public void late(Reading r, LateReading why) {
                hole.consume(why);
            }
        });
    }

    private static DetectionPlan suite(List<Detector<?>> detectors) {
        return new DetectionPlan(List.of(new DetectorSet("*", detectors)), 300_000, new AlertLifecycle(3, 60_000), "bench");
    }

    @Benchmark
    public ParseResult parse() {
        return parser.parse(records[i++ & (N - 1)]);
    }

    /** The same records through Jackson only (the parser's general path), side by side with the fast path above. */
    @Benchmark
    public ParseResult parseJacksonOnly() {
        return parser.parseWithJackson(records[i++ & (N - 1)], Long.MIN_VALUE);
    }

    @Benchmark
    public double statisticsUpdate() {
        stats.add(readings[i++ & (N - 1)].value());
        return stats.mean();
    }

    /** One reading through the whole engine (state in hash maps, as in replay). */
    @Benchmark
    public long engine() {
        int k = i++ & (N - 1);
        if (k == 0 && offered > 0) {
            shift += span; // replay the sample shifted in time: keeps event time advancing
        }
        Reading r = readings[k];
        String id = r.sensorId();
        if (kafkaChurn) {
            id = new String(id.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.ISO_8859_1);
            hole.consume(new byte[1_200]);
        }
        engine.onReading(new Reading(id, r.eventTimeMs() + shift, r.values(), r.tags()));
        offered++;
        return engine.watermark();
    }
}
