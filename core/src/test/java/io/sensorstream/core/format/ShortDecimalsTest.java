package io.sensorstream.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The short-decimal writer prints exactly what Jackson's fast double writer prints, or leaves the value to it. */
class ShortDecimalsTest {

    private final char[] out = new char[ShortDecimals.MAX_LENGTH];
    private int handled;

    private void check(double x) {
        int n = ShortDecimals.write(x, out);
        if (n >= 0) {
            handled++;
            assertThat(new String(out, 0, n)).as("%s (bits %x)", x, Double.doubleToRawLongBits(x))
                    .isEqualTo(NumberOutput.toString(x, true));
        }
    }

    @Test
    void shortDecimalsPrintAsJacksonPrintsThem() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 400_000; i++) {
            int k = r.nextInt(7); // up to 6 decimals: 4–6 must be left to Jackson or agree with it
            long m = r.nextLong(r.nextBoolean() ? 100_000L : 10_000_000_000L);
            double x = m / Math.pow(10, k);
            check(x);
            check(-x);
        }
        assertThat(handled).as("most of them are short enough to be handled").isGreaterThan(300_000);
    }

    @Test
    void anyDoubleIsEitherLeftToJacksonOrPrintedAsItPrintsIt() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            check(Double.longBitsToDouble(r.nextLong()));
            check(r.nextDouble() * Math.pow(10, r.nextInt(-5, 9)));
            check(r.nextInt(-100_000, 100_000) / 100.0 + r.nextInt(-100_000, 100_000) / 100.0); // sums: often not short
            check((r.nextInt(-10_000, 10_000) / 100.0 + r.nextInt(-10_000, 10_000) / 100.0) / 2); // interpolated quantiles
        }
    }

    @Test
    void theEdgesOfTheRange() {
        double[] edges = {1e-3, Math.nextDown(1e-3), Math.nextUp(1e-3), 0.0015, 9_999_999.999, 9_999_999, 1e7,
                Math.nextDown(1e7), 0.1 + 0.2, 0.3, 1, 10, 100, 1_000_000, 0.001, 0.01, 0.1, 123.4, 5.0, 0.005, 1.005};
        for (double x : edges) {
            check(x);
            check(-x);
        }
        assertThat(ShortDecimals.write(0.0, out)).isEqualTo(-1);
        assertThat(ShortDecimals.write(-0.0, out)).isEqualTo(-1);
        assertThat(ShortDecimals.write(Double.NaN, out)).isEqualTo(-1);
        assertThat(ShortDecimals.write(1e7, out)).as("exponent form: Jackson's").isEqualTo(-1);
        assertThat(ShortDecimals.write(0.0005, out)).as("exponent form: Jackson's").isEqualTo(-1);
        assertThat(ShortDecimals.write(0.1 + 0.2, out)).as("not a short decimal").isEqualTo(-1);
        int n = ShortDecimals.write(-1234.5, out);
        assertThat(new String(out, 0, n)).isEqualTo("-1234.5");
        n = ShortDecimals.write(20, out);
        assertThat(new String(out, 0, n)).isEqualTo("20.0");
    }
}
