package io.sensorstream.core.stats;

import java.nio.ByteBuffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunningStatsTest {

    @Test
    void matchesTheJavadocExample() {
        RunningStats s = new RunningStats();
        s.add(20);
        s.add(22);
        s.add(27);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.sum()).isEqualTo(69);
        assertThat(s.mean()).isEqualTo(23);
        assertThat(s.min()).isEqualTo(20);
        assertThat(s.max()).isEqualTo(27);
        assertThat(s.sampleStddev()).isEqualTo(Math.sqrt(13));
    }

    @Test
    void emptyAndSingle() {
        RunningStats s = new RunningStats();
        assertThat(s.mean()).isNaN();
        assertThat(s.min()).isNaN();
        s.add(4.5);
        assertThat(s.sampleStddev()).isZero();
        assertThat(s.mean()).isEqualTo(4.5);
    }

    @Test
    void agreesWithTwoPassComputationAndStaysStableWithLargeOffset() {
        SplittableRandom random = new SplittableRandom(1);
        double[] xs = new double[10_000];
        RunningStats s = new RunningStats();
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 1e9 + random.nextDouble(-0.01, 0.01);
            s.add(xs[i]);
        }
        double mean = 0;
        for (double x : xs) mean += x;
        mean /= xs.length;
        double ss = 0;
        for (double x : xs) ss += (x - mean) * (x - mean);
        double stddev = Math.sqrt(ss / (xs.length - 1));
        assertThat(s.mean()).isCloseTo(mean, within(1e-6));
        assertThat(s.sampleStddev()).isCloseTo(stddev, within(stddev * 1e-4));
    }

    @Test
    void mergeEqualsComputingOnTheUnion() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            RunningStats all = new RunningStats();
            RunningStats a = new RunningStats();
            RunningStats b = new RunningStats();
            int n = random.nextInt(0, 50);
            for (int i = 0; i < n; i++) {
                double x = random.nextDouble(-100, 100);
                all.add(x);
                (random.nextBoolean() ? a : b).add(x);
            }
            a.merge(b);
            assertThat(a.count()).isEqualTo(all.count());
            if (n > 0) {
                assertThat(a.mean()).isCloseTo(all.mean(), within(1e-9));
                assertThat(a.sampleVariance()).isCloseTo(all.sampleVariance(), within(1e-7));
                assertThat(a.min()).isEqualTo(all.min());
                assertThat(a.max()).isEqualTo(all.max());
                assertThat(a.sum()).isCloseTo(all.sum(), within(1e-9));
            }
        }
    }

    @Test
    void encodingRoundTrips() {
        RunningStats s = new RunningStats();
        s.add(1.25);
        s.add(-7);
        s.add(3.5);
        ByteBuffer bytes = ByteBuffer.allocate(RunningStats.maxCompactSize());
        s.encodeCompact(bytes);
        assertThat(bytes.position()).as("count, three doubles, min −7 in one byte, max 3.5 in two").isEqualTo(1 + 24 + 1 + 2);
        RunningStats back = new RunningStats();
        back.decodeCompact(bytes.flip());
        assertThat(bytes.remaining()).isZero();
        back.add(10);
        s.add(10);
        assertThat(new double[] {back.count(), back.sum(), back.mean(), back.min(), back.max(), back.sampleVariance()})
                .containsExactly(s.count(), s.sum(), s.mean(), s.min(), s.max(), s.sampleVariance());
    }
}
