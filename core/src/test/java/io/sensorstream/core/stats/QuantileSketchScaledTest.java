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
    void theExactLimitIsAByteBudget() {
        assertExactThrough(512, () -> 21.25, true); // shorts
        assertExactThrough(256, () -> 400.25, true); // ints (40025 does not fit a short)
        assertExactThrough(128, () -> Math.PI, false); // doubles
        QuantileSketch widened = new QuantileSketch();
        for (int i = 0; i < 300; i++) widened.add(20 + i % 7);
        assertThat(widened.isExact()).as("300 shorts").isTrue();
        widened.add(400.25); // 301 values as ints: past their 256
        assertThat(widened.isExact()).isFalse();
    }

    /**
     * Exact values are held sorted and stored as the gaps between neighbours: 300 readings of a sensor sending two
     * decimals between 18 and 22 (1 min at 5 Hz) take about a byte each instead of a short, in any arrival order, and
     * come back bit for bit (held sorted, so quantiles need no sort).
     */
    @Test
    void exactValuesAreStoredAsSortedGaps() {
        SplittableRandom r = new SplittableRandom(3);
        QuantileSketch s = new QuantileSketch();
        double[] xs = new double[300];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (1_800 + r.nextInt(401)) / 100.0;
            s.add(xs[i]);
        }
        assertThat(s.holdsShorts()).isTrue();
        assertThat(s.encodedSize()).as("300 values, a short each before: about 3 bits a gap now").isLessThan(120);
        QuantileSketch back = roundTrip(s);
        assertThat(encode(back)).isEqualTo(encode(s));
        double[] want = reference(xs);
        double[] got = back.quantiles(PS);
        for (int i = 0; i < PS.length; i++) {
            assertThat(Double.doubleToRawLongBits(got[i])).isEqualTo(Double.doubleToRawLongBits(want[i]));
        }
        for (double[] odd : new double[][] {
                {-3.5, 2.25, -300.0, 0, 327.67, -327.67, 2.25}, // negative, equal neighbours
                {-2_147.483_647, 2_147.483_647, 0.000_001, 1}, // the largest gaps an int holds (33-bit codes)
                {5, 5, 5, 5}, // all gaps 0
                {20.5}, {}}) {
            QuantileSketch odds = new QuantileSketch();
            for (double x : odd) odds.add(x);
            assertThat(roundTrip(odds).quantiles(PS)).isEqualTo(odds.quantiles(PS));
            assertThat(encode(roundTrip(odds))).isEqualTo(encode(odds));
        }
        QuantileSketch spikes = new QuantileSketch(); // a few far values cost twice their length, not their size
        for (int i = 0; i < 200; i++) spikes.add(i % 50 == 0 ? 35 + i / 100.0 : 20 + (i % 7) / 100.0);
        assertThat(encode(roundTrip(spikes))).isEqualTo(encode(spikes));
        assertThat(spikes.encodedSize()).isLessThan(100);
    }

    /**
     * Random mixes of short decimals, longer decimals and full-precision doubles, switching at any count: the sketch is
     * exact exactly while the byte budget of its current form holds, answers as the documented rule while exact, and
     * round-trips bit for bit whatever form it is in.
     */
    @Test
    void everyChangeOfFormAtAnyCountKeepsTheRules() {
        SplittableRandom r = new SplittableRandom(17);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(700);
            int toInts = r.nextInt(n + 1);
            int toDoubles = r.nextInt(n + 1);
            double[] xs = new double[n];
            QuantileSketch s = new QuantileSketch();
            boolean digest = false;
            for (int i = 0; i < n; i++) {
                xs[i] = i >= toDoubles ? r.nextDouble(0, 40) : i >= toInts ? (40_000 + r.nextInt(10_000)) / 100.0 : r.nextInt(4_000) / 100.0;
                s.add(xs[i]);
                int limit = i >= toDoubles ? QuantileSketch.DOUBLE_LIMIT : i >= toInts ? QuantileSketch.INT_LIMIT : QuantileSketch.SHORT_LIMIT;
                digest |= i + 1 > limit;
                assertThat(s.isExact()).as("trial %d: %d values, ints from %d, doubles from %d", trial, i + 1, toInts, toDoubles)
                        .isEqualTo(!digest);
            }
            if (s.isExact()) {
                double[] want = reference(xs);
                double[] got = s.quantiles(PS);
                for (int i = 0; i < PS.length; i++) {
                    assertThat(Double.doubleToRawLongBits(got[i])).isEqualTo(Double.doubleToRawLongBits(want[i]));
                }
            }
            assertThat(encode(roundTrip(s))).isEqualTo(encode(s));
            assertThat(roundTrip(s).quantiles(PS)).isEqualTo(s.quantiles(PS));
        }
    }

    private static void assertExactThrough(int limit, DoubleSupplier value, boolean scaled) {
        QuantileSketch s = new QuantileSketch();
        for (int i = 0; i < limit; i++) s.add(value.getAsDouble() + i % 3);
        assertThat(s.isExact()).as("%d values", limit).isTrue();
        assertThat(s.holdsScaled()).isEqualTo(scaled);
        if (scaled) {
            assertThat(s.encodedSize()).as("about a kilobyte held, stored as sorted gaps: far less").isLessThan(300);
        } else {
            assertThat(s.encodedSize()).as("about a kilobyte").isBetween(1_000, 1_100);
        }
        s.add(value.getAsDouble());
        assertThat(s.isExact()).as("%d values", limit + 1).isFalse();
    }

    /**
     * Past the limit, encoding and decoding at any point (a commit) or querying must not change any later answer or
     * encoding: the restored sketch and the one never interrupted agree bit for bit, and the answers stay within the
     * digest's rank error of the exact ones.
     */
    @Test
    void pastTheLimitRestoringAtAnyPointChangesNothing() {
        SplittableRandom r = new SplittableRandom(9);
        double[] xs = values(3_000, () -> Math.round(r.nextDouble(0, 40) * 100) / 100.0);
        QuantileSketch uninterrupted = new QuantileSketch();
        QuantileSketch restarted = new QuantileSketch();
        for (int i = 0; i < xs.length; i++) {
            uninterrupted.add(xs[i]);
            restarted.add(xs[i]);
            if (i % 97 == 0) restarted = roundTrip(restarted);
            if (i % 250 == 0) { // a query (early result) is a point of the input too: both answer, then go on
                assertThat(restarted.quantiles(PS)).isEqualTo(uninterrupted.quantiles(PS));
            }
        }
        assertThat(uninterrupted.isExact()).isFalse();
        assertThat(encode(roundTrip(restarted))).isEqualTo(encode(uninterrupted));
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        for (double p : new double[] {0.05, 0.5, 0.95, 0.99}) {
            double q = uninterrupted.quantile(p);
            double rank = (double) Math.abs(Arrays.binarySearch(sorted, q) + 0.5) / sorted.length;
            assertThat(rank).as("rank of p%s", p).isCloseTo(p, org.assertj.core.data.Offset.offset(0.02));
        }
    }

    @Test
    void formatV1SketchesStillDecode() {
        com.tdunning.math.stats.MergingDigest d = new com.tdunning.math.stats.MergingDigest(100);
        d.useAlternatingSort = false;
        for (int i = 0; i < 1_000; i++) {
            d.add(i % 50);
            d.compress();
        }
        ByteBuffer digest = ByteBuffer.allocate(d.byteSize());
        d.asBytes(digest);
        ByteBuffer v1 = ByteBuffer.allocate(5 + digest.position());
        v1.put((byte) 1).putInt(digest.position()).put(digest.array(), 0, digest.position()).flip();
        QuantileSketch fromDigest = QuantileSketch.decode(v1);
        assertThat(fromDigest.isExact()).isFalse();
        assertThat(fromDigest.quantile(0.5)).isEqualTo(d.quantile(0.5));
        ByteBuffer doubles = ByteBuffer.allocate(5 + 3 * 8);
        doubles.put((byte) 0).putInt(3).putDouble(20.5).putDouble(19.25).putDouble(22).flip();
        QuantileSketch fromDoubles = QuantileSketch.decode(doubles);
        assertThat(fromDoubles.holdsScaled()).as("v1 stored exact values as doubles; they are held scaled now").isTrue();
        assertThat(fromDoubles.quantile(0.5)).isEqualTo(20.5);
    }

    /**
     * Whatever is read, encoded and restored (a commit, a crash), or merged in between, a sketch ends bit for bit as one
     * fed the same values without a pause, in every form (shorts, ints, doubles, the t-digest it turns into past its
     * limit), and answers as the documented rule on the sorted values while exact. (Guards any change to how the exact
     * values are kept in order: appending and sorting lazily, tried, must and did pass it.)
     */
    @Test
    void valuesInAnyOrderReadInOrderWhateverHappenedBetween() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = r.nextInt(700);
            int form = r.nextInt(4); // short decimals, some beyond a short, some full doubles, ties and signed zeros
            QuantileSketch plain = new QuantileSketch();
            QuantileSketch paused = new QuantileSketch();
            double[] xs = new double[n];
            for (int i = 0; i < n; i++) {
                double x = switch (form) {
                    case 0 -> (1_800 + r.nextInt(401)) / 100.0;
                    case 1 -> r.nextInt(50) == 0 ? r.nextInt(1_000_000) / 100.0 : (1_800 + r.nextInt(401)) / 100.0;
                    case 2 -> r.nextInt(30) == 0 ? r.nextDouble() * 40 : (1_800 + r.nextInt(401)) / 100.0;
                    default -> new double[] {-0.0, 0.0, 1.5, -1.5, 2}[r.nextInt(5)];
                };
                xs[i] = x;
                plain.add(x);
                paused.add(x);
                switch (r.nextInt(40)) {
                    case 0 -> paused.quantile(0.5);
                    case 1 -> paused = roundTrip(paused);
                    case 2 -> paused.encodedSize();
                    case 3 -> { // the next values through a merge into both, as session windows do (one read first)
                        QuantileSketch other = new QuantileSketch();
                        QuantileSketch same = new QuantileSketch();
                        for (int j = i + 1; j < n && j < i + 20; j++) {
                            xs[j] = (1_800 + r.nextInt(401)) / 100.0;
                            other.add(xs[j]);
                            same.add(xs[j]);
                            if (j == i + 3) other.quantile(0.9);
                        }
                        plain.merge(same);
                        paused.merge(other);
                        i = Math.min(n, i + 20) - 1;
                    }
                    default -> { }
                }
            }
            assertThat(encode(paused)).as("trial %d, form %d, %d values", trial, form, n).isEqualTo(encode(plain));
            if (plain.isExact() && n > 0) {
                double[] want = reference(xs);
                double[] got = paused.quantiles(PS);
                for (int k = 0; k < PS.length; k++) {
                    assertThat(Double.doubleToRawLongBits(got[k])).as("trial %d p%s", trial, PS[k])
                            .isEqualTo(Double.doubleToRawLongBits(want[k]));
                }
            }
        }
    }

    private static byte[] encode(QuantileSketch s) {
        ByteBuffer b = ByteBuffer.allocate(s.encodedSize());
        s.encode(b);
        assertThat(b.remaining()).as("encodedSize is what encode writes").isZero();
        return b.array();
    }

    private static QuantileSketch roundTrip(QuantileSketch s) {
        return QuantileSketch.decode(ByteBuffer.wrap(encode(s)));
    }
}
