package io.sensorstream.bench;

import io.sensorstream.core.detect.JumpDetector;
import io.sensorstream.core.format.OutputJson;
import io.sensorstream.core.reading.ParseResult;
import io.sensorstream.core.reading.Reading;
import io.sensorstream.core.reading.ReadingFormat;
import io.sensorstream.core.reading.ReadingParser;
import io.sensorstream.core.simulate.SensorSimulator;
import io.sensorstream.core.simulate.SimulatorSettings;
import io.sensorstream.core.stats.RunningStats;
import io.sensorstream.core.window.Window;
import io.sensorstream.core.window.WindowResult;
import io.sensorstream.core.window.WindowSpec;
import java.nio.ByteBuffer;
import java.time.Duration;
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
 * Per-reading cost of the pure-Java hot path that every input record goes through in the processor: JSON parsing
 * and validation, window assignment, the statistics update (including the state encoding the store needs), the jump
 * check, and encoding a window result. Run: {@code java -jar bench/target/benchmarks.jar CoreHotPath}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoreHotPathBenchmark {

    private static final int N = 4096;

    private final ReadingParser parser = new ReadingParser(ReadingFormat.seedDefault());
    private final WindowSpec tumbling = WindowSpec.tumbling(Duration.ofSeconds(60));
    private final JumpDetector jump = new JumpDetector(5.0);
    private final OutputJson output = new OutputJson("temperature");
    private final RunningStats stats = new RunningStats();
    private final ByteBuffer state = ByteBuffer.allocate(RunningStats.ENCODED_SIZE);
    private byte[][] records;
    private Reading[] readings;
    private int i;

    @Setup
    public void setup() {
        SensorSimulator sim = new SensorSimulator(new SimulatorSettings(100, 1, 1, 1_700_000_000_000L, 2_000, 0, 0, 0));
        records = new byte[N][];
        readings = new Reading[N];
        for (int k = 0; k < N; k++) {
            var r = sim.next();
            records[k] = r.value();
            readings[k] = r.reading();
        }
        stats.add(20.0);
        stats.encode(state.clear());
    }

    @Benchmark
    public ParseResult parse() {
        return parser.parse(records[i++ & (N - 1)]);
    }

    /** What the processor does per reading to its window: assign, decode state, add, encode state. */
    @Benchmark
    public ByteBuffer windowAndStatistics() {
        Reading r = readings[i++ & (N - 1)];
        long start = tumbling.lastStartFor(r.eventTimeMs());
        stats.decode(state.flip());
        stats.add(r.value());
        state.clear();
        stats.encode(state);
        state.putLong(0, start);
        return state;
    }

    @Benchmark
    public Object jumpCheck() {
        Reading r = readings[i++ & (N - 1)];
        return jump.check(20.0, r.eventTimeMs() - 1_000, r);
    }

    @Benchmark
    public byte[] encodeWindowResult() {
        Reading r = readings[i++ & (N - 1)];
        return output.windowResult(new WindowResult(r.sensorId(), new Window(0, 60_000), stats.snapshot()), r.eventTimeMs());
    }

    /** Parse, window and statistics, jump check together: the pure-Java share of one record's processing. */
    @Benchmark
    public Object perReadingTotal() {
        ParseResult p = parser.parse(records[i++ & (N - 1)]);
        Reading r = ((ParseResult.Valid) p).reading();
        stats.decode(state.flip());
        stats.add(r.value());
        state.clear();
        stats.encode(state);
        state.putLong(0, tumbling.lastStartFor(r.eventTimeMs()));
        return jump.check(20.0, r.eventTimeMs() - 1_000, r);
    }
}
