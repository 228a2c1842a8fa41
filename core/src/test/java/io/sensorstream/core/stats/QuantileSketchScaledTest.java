package io.sensorstream.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Exact values held as scaled integers answer bit for bit as the same values held as doubles. */
class QuantileSketchScaledTest {

    private static final double[] PS = {0, 0.01, 0.25, 0.5, 0.95, 0.99, 1};

    /** The documented rule, on doubles: linear interpolation between closest ranks. */
    private static double[] reference(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] out = new double[PS.length];
        for (int i = 0; i < PS.length; i++) {
            double h = PS[i] * (sorted.length - 1);
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, sorted.length - 1);
            out[i] = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }
        return out;
    }

    private static void assertSameAnswers(double[] values, boolean expectScaled) {
        QuantileSketch s = new QuantileSketch();
        for (double v : values) s.add(v);
        assertThat(s.holdsScaled()).as("held as scaled integers").isEqualTo(expectScaled);
        double[] got = s.quantiles(PS);
        double[] want = reference(values);
        for (int i = 0; i < PS.length; i++) {
            assertThat(Double.doubleToRawLongBits(got[i])).as("p%s of %s", PS[i], Arrays.toString(values))
                    .isEqualTo(Double.doubleToRawLongBits(want[i]));
        }
        ByteBuffer b = ByteBuffer.allocate(s.encodedSize());
        s.encode(b);
        b.flip();
        QuantileSketch back = QuantileSketch.decode(b.duplicate());
        ByteBuffer again = ByteBuffer.allocate(back.encodedSize());
        back.encode(again);
        assertThat(again.array()).as("re-encoded").isEqualTo(b.array());
        assertThat(back.holdsScaled()).isEqualTo(expectScaled);
        assertThat(back.quantiles(PS)).isEqualTo(got);
    }

    private static double[] values(int n, DoubleSupplier next) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = next.getAsDouble();
        return xs;
    }

    @Test
    void sensorValuesWithFewDecimalsAreHeldScaledAndAnswerExactly() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int digits = trial % 5;
            double p = Math.pow(10, digits);
            assertSameAnswers(values(1 + r.nextInt(128), () -> Math.round(r.nextDouble(-50, 150) * p) / p), true);
        }
    }

    @Test
    void smallScaledValuesAreShortsUntilOneNeedsAnInt() {
        QuantileSketch s = new QuantileSketch();
        for (double v : new double[] {21.37, -40.5, 125}) s.add(v);
        assertThat(s.holdsShorts()).as("2137, -4050, 12500 fit a short").isTrue();
        s.add(400.25);
        assertThat(s.holdsShorts()).as("40025 does not").isFalse();
        assertThat(s.holdsScaled()).isTrue();
        assertSameAnswers(new double[] {21.37, -40.5, 125, 400.25}, true);
        QuantileSketch rescaled = new QuantileSketch();
        rescaled.add(300);
        rescaled.add(0.01); // 300 becomes 30000 at two digits: still a short
        assertThat(rescaled.holdsShorts()).isTrue();
        rescaled.add(0.001); // 300000 at three: an int
        assertThat(rescaled.holdsShorts()).isFalse();
        assertSameAnswers(new double[] {300, 0.01, 0.001}, true);
    }

    @Test
    void finerDecimalsLaterRescaleWhatIsHeld() {
        assertSameAnswers(new double[] {20, 21.5, 19.25, 22.125, -3.0625}, true);
        assertSameAnswers(new double[] {-0.5, 0.0001, 1e-6, 7}, true);
    }

    @Test
    void valuesThatAreNotShortDecimalsTurnTheSketchToDoubles() {
        assertSameAnswers(new double[] {20.5, Math.PI, 21}, false);
        assertSameAnswers(new double[] {20.5, 1e-7}, false);
        assertSameAnswers(new double[] {3e9, 1}, false);
        assertSameAnswers(new double[] {2_000, 2_147.483_647}, true); // 2 000 rescaled to 6 digits still fits an int
        assertSameAnswers(new double[] {3_000, 2_147.483_647}, false); // 3 000 rescaled to 6 digits does not
        assertSameAnswers(new double[] {-0.0, 1.5}, false); // −0.0 would come back as 0.0
        SplittableRandom r = new SplittableRandom(5);
        assertSameAnswers(values(100, () -> r.nextDouble(0, 100)), false);
    }

    @Test
    void pastTheExactLimitTheDigestIsBuiltFromTheSameValues() {
        SplittableRandom r = new SplittableRandom(9);
        double[] xs = values(500, () -> Math.round(r.nextDouble(0, 40) * 100) / 100.0);
        QuantileSketch sketch = new QuantileSketch();
        com.tdunning.math.stats.MergingDigest digest = new com.tdunning.math.stats.MergingDigest(100);
        digest.useAlternatingSort = false; // as QuantileSketch builds its digest: compacted after every value
        for (int i = 0; i < xs.length; i++) {
            sketch.add(xs[i]);
            digest.add(xs[i]);
            digest.compress();
            if (i < QuantileSketch.EXACT_LIMIT) assertThat(sketch.holdsScaled()).isTrue();
        }
        assertThat(sketch.isExact()).isFalse();
        for (double p : PS) {
            assertThat(sketch.quantile(p)).as("p%s", p).isEqualTo(digest.quantile(p));
        }
    }
}
