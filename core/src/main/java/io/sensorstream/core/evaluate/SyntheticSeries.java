package io.sensorstream.core.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small labelled benchmark made on the spot, so that {@code evaluate} works from a fresh clone without the NAB corpus:
 * sensor-like series (a daily cycle, noise, 5-minute readings for two weeks) each with known anomalies of one kind
 * — spikes, a level shift, a slow drift, a stuck sensor (flatline), a burst of noise — labelled NAB-style by a window
 * around each onset (10 % of the series length shared between its anomalies). Deterministic for a seed.
 *
 * <p>Example: {@code generate(7)} gives six series of 4 032 points; the level-shift series jumps by 6 noise standard
 * deviations at point 2 800 and its label window is {@code [t(2 800) − w/2, t(2 800) + w/2]} with {@code w} = 403 points.
 */
public final class SyntheticSeries {

    private static final long STEP_MS = 300_000L;
    private static final int POINTS = 4_032; // two weeks of 5-minute readings
    private static final long T0 = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, 86_400_000L);

    private SyntheticSeries() {
    }

    public static List<LabelledSeries> generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledSeries> out = new ArrayList<>();
        out.add(series("synthetic/spikes.csv", random.split(), Kind.SPIKES));
        out.add(series("synthetic/level_shift.csv", random.split(), Kind.LEVEL_SHIFT));
        out.add(series("synthetic/drift.csv", random.split(), Kind.DRIFT));
        out.add(series("synthetic/flatline.csv", random.split(), Kind.FLATLINE));
        out.add(series("synthetic/noise_burst.csv", random.split(), Kind.NOISE_BURST));
        out.add(series("synthetic/normal.csv", random.split(), Kind.NONE));
        return out;
    }

    private enum Kind { SPIKES, LEVEL_SHIFT, DRIFT, FLATLINE, NOISE_BURST, NONE }

    private static LabelledSeries series(String name, SplittableRandom random, Kind kind) {
        long[] times = new long[POINTS];
        double[] values = new double[POINTS];
        double base = 40 + random.nextDouble() * 20;
        double amplitude = 2 + random.nextDouble() * 3;
        double noise = 0.5;
        List<Integer> onsets = switch (kind) {
            case SPIKES -> List.of(1_500, 2_600, 3_500);
            case LEVEL_SHIFT -> List.of(2_800);
            case DRIFT -> List.of(2_400);
            case FLATLINE -> List.of(3_000);
            case NOISE_BURST -> List.of(2_200);
            case NONE -> List.of();
        };
        for (int i = 0; i < POINTS; i++) {
            times[i] = T0 + i * STEP_MS;
            double daily = amplitude * Math.sin(2 * Math.PI * (i % 288) / 288.0);
            double v = base + daily + random.nextGaussian() * noise;
            switch (kind) {
                case SPIKES -> {
                    if (onsets.contains(i)) v += (random.nextBoolean() ? 1 : -1) * 12 * noise * 2;
                }
                case LEVEL_SHIFT -> {
                    if (i >= 2_800) v += 6 * noise * 2;
                }
                case DRIFT -> {
                    if (i >= 2_400) v += (i - 2_400) * 0.02;
                }
                case FLATLINE -> {
                    if (i >= 3_000 && i < 3_300) v = values[2_999];
                }
                case NOISE_BURST -> {
                    if (i >= 2_200 && i < 2_350) v += random.nextGaussian() * noise * 8;
                }
                case NONE -> {
                }
            }
            values[i] = v;
        }
        List<long[]> windows = new ArrayList<>();
        if (!onsets.isEmpty()) {
            int width = POINTS / 10 / onsets.size();
            for (int onset : onsets) {
                int from = Math.max(0, onset - width / 2);
                int to = Math.min(POINTS - 1, onset + width / 2);
                windows.add(new long[] {times[from], times[to]});
            }
        }
        return new LabelledSeries(name, times, values, windows);
    }
}
