package io.sensorstream.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantileAndMetricStatsTest {

    @Test
    void exactQuantilesFollowTheJavadocExample() {
        QuantileSketch q = new QuantileSketch();
        q.add(27);
        q.add(20);
        q.add(22);
        assertThat(q.isExact()).isTrue();
        assertThat(q.quantile(0.5)).isEqualTo(22.0);
        assertThat(q.quantile(0.95)).isCloseTo(26.5, within(1e-12));
        assertThat(new QuantileSketch().quantile(0.5)).isNaN();
    }

    @Test
    void tDigestRankErrorIsSmallForLargeOffsetSmallSpread() {
        SplittableRandom random = new SplittableRandom(9);
        int n = 50_000;
        double[] xs = new double[n];
        QuantileSketch q = new QuantileSketch();
        for (int i = 0; i < n; i++) {
            xs[i] = 1000 + random.nextDouble(-5, 5); // pressure around 1000 ± 5
            q.add(xs[i]);
        }
        assertThat(q.isExact()).isFalse();
        Arrays.sort(xs);
        for (double p : new double[] {0.5, 0.95, 0.99}) {
            double estimate = q.quantile(p);
            int rank = Arrays.binarySearch(xs, estimate);
            double r = (rank >= 0 ? rank : -rank - 1) / (double) n;
            assertThat(r).as("rank of p%s", p * 100).isCloseTo(p, within(0.01));
            assertThat(estimate).isCloseTo(xs[(int) (p * (n - 1))], within(0.1)); // 1 % of the spread, not of the value
        }
    }

    @Test
    void sketchesRoundTripAndMergeInBothModes() {
        for (int n : new int[] {5, 1_000}) {
            QuantileSketch a = new QuantileSketch();
            QuantileSketch b = new QuantileSketch();
            QuantileSketch all = new QuantileSketch();
            for (int i = 0; i < n; i++) {
                (i % 2 == 0 ? a : b).add(i);
                all.add(i);
            }
            ByteBuffer buf = ByteBuffer.allocate(a.encodedSize());
            a.encode(buf);
            assertThat(buf.remaining()).isZero();
            QuantileSketch back = QuantileSketch.decode(buf.flip());
            assertThat(back.quantile(0.5)).isEqualTo(a.quantile(0.5));
            back.merge(b);
            assertThat(back.quantile(0.5)).isCloseTo(all.quantile(0.5), within(n * 0.02 + 1e-9)); // merged digests: ~2 % rank error
        }
    }

    @Test
    void firstLastAndRateFollowEventTimeNotArrival() {
        MetricStats m = new MetricStats(false);
        m.add(23.0, 30_000);
        m.add(20.0, 0);
        m.add(21.0, 10_000);
        assertThat(m.first()).isEqualTo(20.0);
        assertThat(m.last()).isEqualTo(23.0);
        assertThat(m.ratePerSecond()).isCloseTo(0.1, within(1e-12));
        MetricStats single = new MetricStats(false);
        single.add(1, 5);
        assertThat(single.ratePerSecond()).isNaN();
    }

    @Test
    void metricStatsMergeEqualsComputingOnTheUnion() {
        SplittableRandom random = new SplittableRandom(4);
        for (int trial = 0; trial < 200; trial++) {
            MetricStats all = new MetricStats(true);
            MetricStats a = new MetricStats(true);
            MetricStats b = new MetricStats(true);
            int n = random.nextInt(1, 300);
            for (int i = 0; i < n; i++) {
                double x = random.nextDouble(-50, 50);
                long t = random.nextLong(0, 1_000_000);
                all.add(x, t);
                (random.nextBoolean() ? a : b).add(x, t);
            }
            a.merge(b);
            assertThat(a.count()).isEqualTo(all.count());
            assertThat(a.moments().mean()).isCloseTo(all.moments().mean(), within(1e-9));
            assertThat(a.moments().sampleVariance()).isCloseTo(all.moments().sampleVariance(), within(1e-6));
            assertThat(a.firstTime()).isEqualTo(all.firstTime());
            assertThat(a.lastTime()).isEqualTo(all.lastTime());
            assertThat(a.quantile(0.5)).isCloseTo(all.quantile(0.5), within(100 * 0.05));
            MetricStats back = compactRoundTrip(a);
            assertThat(back.count()).isEqualTo(a.count());
            assertThat(back.first()).isEqualTo(a.first());
            assertThat(back.quantile(0.5)).isEqualTo(a.quantile(0.5));
        }
    }

    /**
     * The compact encoding (window-state v3) gives back every field bit for bit, whatever the values: an empty metric
     * (infinite min/max, NaN first/last, sentinel times), values that are no short decimals (1/3, −0.0, 1e300,
     * infinities), and short decimals, which take 3 bytes instead of 8.
     */
    @Test
    void theCompactEncodingGivesBackEveryFieldBitForBit() {
        MetricStats empty = new MetricStats(true);
        assertSameState(compactRoundTrip(empty), empty);
        MetricStats odd = new MetricStats(false);
        double[] xs = {1.0 / 3, -0.0, 1e300, Double.NEGATIVE_INFINITY, 23.45, Double.POSITIVE_INFINITY};
        for (int i = 0; i < xs.length; i++) odd.add(xs[i], 1_700_000_000_000L + 250L * i);
        assertSameState(compactRoundTrip(odd), odd);
        MetricStats decimals = new MetricStats(false);
        decimals.add(21.25, 1_700_000_000_000L);
        decimals.add(19.5, 1_700_000_059_000L);
        ByteBuffer buf = ByteBuffer.allocate(decimals.maxCompactSize());
        decimals.encodeCompact(buf);
        assertThat(buf.position()).as("moments 1 + 24 + 2 + 3, first and last 3 + 2, times 6 + 3, flag: 45 bytes, 81 before").isEqualTo(45);
        assertSameState(compactRoundTrip(decimals), decimals);
    }

    private static MetricStats compactRoundTrip(MetricStats m) {
        ByteBuffer buf = ByteBuffer.allocate(m.maxCompactSize());
        m.encodeCompact(buf);
        MetricStats back = MetricStats.decodeCompact(buf.flip());
        assertThat(buf.remaining()).isZero();
        return back;
    }

    private static void assertSameState(MetricStats back, MetricStats m) {
        double[] want = {m.count(), m.moments().sum(), m.moments().mean(), m.moments().sampleVariance(), m.moments().min(),
                m.moments().max(), m.first(), m.last()};
        double[] got = {back.count(), back.moments().sum(), back.moments().mean(), back.moments().sampleVariance(),
                back.moments().min(), back.moments().max(), back.first(), back.last()};
        for (int i = 0; i < want.length; i++) {
            assertThat(Double.doubleToRawLongBits(got[i])).as("field %d", i).isEqualTo(Double.doubleToRawLongBits(want[i]));
        }
        assertThat(back.firstTime()).isEqualTo(m.firstTime());
        assertThat(back.lastTime()).isEqualTo(m.lastTime());
    }

    @Test
    void aDigestRestoredMidwayAnswersExactlyLikeAnUninterruptedOne() {
        SplittableRandom random = new SplittableRandom(21);
        QuantileSketch straight = new QuantileSketch();
        QuantileSketch restarted = new QuantileSketch();
        for (int i = 0; i < 5_000; i++) {
            double x = random.nextDouble(0, 100);
            straight.add(x);
            restarted.add(x);
            if (i % 777 == 0) {
                restarted.quantile(0.5); // queries and serialisation must not change later answers
                ByteBuffer buf = ByteBuffer.allocate(restarted.encodedSize());
                restarted.encode(buf);
                restarted = QuantileSketch.decode(buf.flip());
            }
        }
        for (double p : new double[] {0.01, 0.5, 0.95, 0.99}) {
            assertThat(restarted.quantile(p)).as("p=%s", p).isEqualTo(straight.quantile(p));
        }
    }

    @Test
    void allPercentilesFromOneSortMatchTheFormula() {
        QuantileSketch s = new QuantileSketch();
        for (double v : new double[] {27, 20, 22}) s.add(v);
        assertThat(s.quantiles(new double[] {0.5, 0.95, 0, 1})).containsExactly(22, 26.5, 20, 27);
        assertThat(new QuantileSketch().quantiles(new double[] {0.5, 0.99})).containsExactly(Double.NaN, Double.NaN);
        QuantileSketch big = new QuantileSketch(); // beyond the exact limit: the t-digest answers each
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1_000; i++) big.add(r.nextGaussian());
        double[] q = big.quantiles(new double[] {0.05, 0.5, 0.95});
        assertThat(q[0]).isCloseTo(-1.645, within(0.15));
        assertThat(q[1]).isCloseTo(0, within(0.1));
        assertThat(q[2]).isCloseTo(1.645, within(0.15));
    }
}
