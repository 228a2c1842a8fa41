package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Exponentially weighted mean and variance; anomalous when {@code |x − μ| / σ > threshold}. Update, with weight α:
 * {@code d = x − μ; μ += α·d; v = (1 − α)·(v + α·d²)} (West's EWMV). An anomalous value updates the model with a tenth
 * of the weight, so a spike barely drags the baseline it is measured against. Example: α 0.1, μ 20, σ 0.5, x 23 →
 * z 6 > 4, anomalous. Warm-up: the first {@code warmup} values only train the model.
 */
public final class EwmaZScoreDetector implements Detector<EwmaZScoreDetector.State> {

    /** The moving moments. */
    public static final class State extends MovingMoments {
    }

    private final double alpha;
    private final double threshold;
    private final int warmup;
    private final double minStddev;

    /**
     * @param minStddev floor for σ, so a perfectly flat history does not make every wiggle infinite
     */
    public EwmaZScoreDetector(double alpha, double threshold, int warmup, double minStddev) {
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        if (!(threshold > 0)) throw new IllegalArgumentException("z threshold must be > 0, got " + threshold);
        this.alpha = alpha;
        this.threshold = threshold;
        this.warmup = Math.max(2, warmup);
        this.minStddev = minStddev;
    }

    @Override
    public String name() {
        return "ewma";
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public Assessment assess(State s, double x, long t) {
        if (s.n == 0) {
            s.mean = x;
            s.n = 1;
            return Assessment.WARMING_UP;
        }
        double sd = s.stddev(minStddev);
        double z = Math.abs(x - s.mean) / sd;
        boolean judged = s.n >= warmup;
        boolean anomalous = judged && z > threshold;
        Assessment a = judged ? Assessment.of(anomalous, z, s.mean, s.mean - threshold * sd, s.mean + threshold * sd)
                : Assessment.WARMING_UP;
        s.add(x, anomalous ? alpha / 10 : alpha);
        return a;
    }

    @Override
    public void writeState(State s, DataOutput out) throws IOException {
        s.write(out);
    }

    @Override
    public State readState(DataInput in) throws IOException {
        State s = new State();
        s.read(in);
        return s;
    }
}
