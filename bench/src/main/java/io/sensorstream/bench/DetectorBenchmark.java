package io.sensorstream.bench;

import io.sensorstream.core.detect.RandomCutForestDetector;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.sensorstream.core.detect.Assessment;
import io.sensorstream.core.detect.Detector;
import io.sensorstream.core.detect.AnomalyLikelihoodDetector;
import io.sensorstream.core.detect.EwmaZScoreDetector;
import io.sensorstream.core.detect.FlatlineDetector;
import io.sensorstream.core.detect.JumpDetector;
import io.sensorstream.core.detect.RangeDetector;
import io.sensorstream.core.detect.RateOfChangeDetector;
import io.sensorstream.core.detect.RobustMadDetector;
import io.sensorstream.core.detect.RollingZScoreDetector;
import java.util.SplittableRandom;
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

/**
 * Per-reading cost of each detector (its assess call, state update included), and the cost of encoding its state for
 * the changelog ({@code encodeState}, done once per changed sensor per commit). Run:
 * {@code java -jar bench/target/benchmarks.jar Detector}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DetectorBenchmark {

    @Param({"jump", "range", "rate", "ewma", "zscore-60", "mad-60", "flatline", "likelihood", "likelihood-no-daily", "cad", "cad-10k", "cad-lean", "rcf-30x256", "rcf-10x64"})
    public String detector;

    private Detector<Object> d;
    private Object state;
    private final double[] values = new double[4096];
    private int i;

    @SuppressWarnings("unchecked")
    @Setup
    public void setup() {
        Detector<?> chosen = switch (detector) {
            case "jump" -> new JumpDetector(5);
            case "range" -> new RangeDetector(-50, 100);
            case "rate" -> new RateOfChangeDetector(1);
            case "ewma" -> new EwmaZScoreDetector(0.02, 6, 200, 1e-6);
            case "zscore-60" -> new RollingZScoreDetector(60, 6, 1e-6);
            case "mad-60" -> new RobustMadDetector(60, 8, 1e-6);
            case "likelihood" -> io.sensorstream.core.detect.DetectorCatalog.standard().create("likelihood", java.util.Map.of(), 1);
            case "likelihood-no-daily" -> new AnomalyLikelihoodDetector(0.02, 5, 2000, 0.6, 300, 1e-6, 10);
            // noise grows CAD's memory until max-contexts, where it starts afresh: the figure averages over that cycle
            case "cad" -> io.sensorstream.core.detect.DetectorCatalog.standard().create("cad", java.util.Map.of(), 1);
            case "cad-10k" -> io.sensorstream.core.detect.DetectorCatalog.standard().create("cad", java.util.Map.of("max-contexts", 10_000), 1);
            // one active context carried, left groups of one fact: the README's cheap setting (NAB 65.6 against 67.1)
            case "cad-lean" -> io.sensorstream.core.detect.DetectorCatalog.standard().create("cad",
                    java.util.Map.of("max-active", 1, "max-left-facts", 1), 1);
            case "rcf-30x256" -> new RandomCutForestDetector(RandomCutForestDetector.Settings.defaults());
            case "rcf-10x64" -> new RandomCutForestDetector(new RandomCutForestDetector.Settings(8, 10, 64, 64, 0.005, 42, 1, 0));
            default -> new FlatlineDetector(0, 144);
        };
        d = (Detector<Object>) chosen;
        state = d.newState();
        SplittableRandom random = new SplittableRandom(1);
        for (int k = 0; k < values.length; k++) values[k] = 20 + random.nextDouble(-2, 2);
        for (int k = 0; k < 1_000; k++) assess(); // past every warm-up: the steady state is measured
        encoded.reset();
        try {
            d.writeState(state, new DataOutputStream(encoded));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("%n%s: state %d bytes encoded%n", detector, encoded.size());
    }

    private final ByteArrayOutputStream encoded = new ByteArrayOutputStream();

    @Benchmark
    public int encodeState() throws IOException {
        encoded.reset();
        d.writeState(state, new DataOutputStream(encoded));
        return encoded.size();
    }

    @Benchmark
    public Assessment assess() {
        int k = i++;
        return d.assess(state, values[k & (values.length - 1)], 1_700_000_000_000L + k * 1_000L);
    }
}
