package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Anomaly likelihood in the manner of Numenta's (the post-processing behind much of HTM's NAB score): not "is this
 * value far from normal" but "is the recent run of surprise unusual for this sensor". Three steps per value, all O(1):
 * <ol>
 *   <li>raw surprise {@code r = |x − μ| / max(σ, minStddev)} against an exponentially weighted mean and variance of the
 *       values (weight {@code alpha}), judged before the value updates them;</li>
 *   <li>short-term average {@code a} = mean of the last {@code averaging} raw surprises;</li>
 *   <li>likelihood {@code L = 1 − Q((a − m) / s)}, with {@code m}, {@code s²} an exponentially weighted mean and
 *       variance of past averages (weight {@code 1/history}) and {@code Q} the standard normal tail; reported as the
 *       log score {@code ℓ = log10(1 − L) / −10} in [0, 1] (0.5 ⇔ L = 0.99999).</li>
 * </ol>
 * Both moving moments start as plain means ({@code weight = max(alpha, 1/n)}), and surprise is measured only once the
 * values have had {@code 1/alpha} readings to settle. Anomalous when {@code ℓ ≥ threshold} after {@code warmup} values. Example: a sensor whose averaged surprise sits at
 * m = 0.8, s = 0.1 shows a = 1.3 for a few readings: (a − m)/s = 5, Q(5) = 2.9·10⁻⁷, ℓ = 0.65 ≥ 0.6 (the default threshold), anomalous. A
 * surprising stretch updates the baselines with a tenth of the weight, so a long anomaly is not learnt as normal at
 * once.
 * <p>
 * Rest period: the averaged surprise stays high for as long as a stretch of surprise lasts, so after a score ≥
 * {@code threshold} the graded score ({@link #grade}) reads 0 for the next {@code rest-period} readings, and each
 * further high score restarts it (CAD OSE's rule): one graded peak per surprise, not one per reading. The verdict and
 * the score in the assessment follow the rule above, so an alert lasts as long as the surprise (the lifecycle makes it
 * one alert). Example, rest period 10: scores 0.7, 0.8, 0.65, 0.2 … grade 0.7, 0, 0, 0 …, and 0.9 eleven readings
 * after the last high one grades 0.9 again. On NAB's graded scoring this is the difference between 0 and 58.7
 * (subset; {@code rest-period} 0 switches it off).
 * <p>
 * Daily profile ({@code daily-slot} > 0, the default): the steps above see the residual {@code x − p[time of day]}
 * against the sensor's typical value at that time of day ({@link DailyProfile}) instead of {@code x}, so a daily rhythm
 * is no surprise and a break in it is; the expected value and band reported add {@code p} back. NAB graded 58.7 → 66.6
 * on the subset, 44.6 → 46.6 on the whole corpus.
 */
public final class AnomalyLikelihoodDetector implements Detector<AnomalyLikelihoodDetector.State> {

    /** The moving moments of values and of averaged surprise, and the last raw surprises. */
    public static final class State {
        final MovingMoments values = new MovingMoments();
        final MovingMoments averages = new MovingMoments();
        double[] recent;
        int next;
        double recentSum;
        /** Readings since the last score ≥ threshold, saturating at the rest period. */
        int sinceHigh;
        /** The grade of the last assessment (not stored: {@link #grade} reads it right after {@link #assess}). */
        double grade;
        /** The value by time of day, when the detector judges residuals against it; else null. */
        DailyProfile.State daily;
    }

    /** Reads a stored profile when this detector keeps none (the encoding gives its slot count; settings do not matter). */
    private static final DailyProfile PROFILE_READER = new DailyProfile(30, 0.1);

    private final double alpha;
    private final int averaging;
    private final double historyWeight;
    private final double threshold;
    private final int warmup;
    private final int valueWarmup;
    private final double minStddev;
    private final int restPeriod;
    /** The time-of-day profile whose residuals are judged instead of the values; null: the values themselves. */
    private final DailyProfile daily;

    public AnomalyLikelihoodDetector(double alpha, int averaging, int history, double threshold, int warmup, double minStddev) {
        this(alpha, averaging, history, threshold, warmup, minStddev, 0);
    }

    public AnomalyLikelihoodDetector(double alpha, int averaging, int history, double threshold, int warmup, double minStddev,
                                     int restPeriod) {
        this(alpha, averaging, history, threshold, warmup, minStddev, restPeriod, 0, 0.1);
    }

    /**
     * @param dailySlotMinutes > 0: judge the residual against the sensor's value by time of day in slots of this many
     *                         minutes ({@link DailyProfile}); 0: judge the values
     * @param dailyWeight      a day's weight in a slot's profile
     */
    public AnomalyLikelihoodDetector(double alpha, int averaging, int history, double threshold, int warmup, double minStddev,
                                     int restPeriod, int dailySlotMinutes, double dailyWeight) {
        if (dailySlotMinutes < 0) throw new IllegalArgumentException("daily-slot must be >= 0, got " + dailySlotMinutes);
        this.daily = dailySlotMinutes == 0 ? null : new DailyProfile(dailySlotMinutes, dailyWeight);
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        if (averaging < 1) throw new IllegalArgumentException("averaging must be >= 1, got " + averaging);
        if (history < 2) throw new IllegalArgumentException("history must be >= 2, got " + history);
        if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        if (restPeriod < 0) throw new IllegalArgumentException("rest-period must be >= 0, got " + restPeriod);
        this.restPeriod = restPeriod;
        this.alpha = alpha;
        this.averaging = averaging;
        this.historyWeight = 1.0 / history;
        this.threshold = threshold;
        this.valueWarmup = (int) Math.ceil(1 / alpha);
        this.warmup = Math.max(valueWarmup + 2 * averaging, warmup);
        this.minStddev = minStddev;
    }

    @Override
    public String name() {
        return "likelihood";
    }

    /** The score, already in [0, 1], but 0 inside a rest period: one graded peak per surprise. */
    @Override
    public double grade(State s, Assessment a) {
        return a.warmingUp() ? 0 : s.grade;
    }

    @Override
    public State newState() {
        State s = new State();
        s.recent = new double[averaging];
        s.sinceHigh = restPeriod;
        s.daily = daily == null ? null : daily.newState();
        return s;
    }

    @Override
    public Assessment assess(State s, double value, long t) {
        if (Double.isNaN(value)) return Assessment.WARMING_UP; // a missing value: nothing learnt (a NaN would stay in the profile)
        double x = daily == null ? value : daily.residual(s.daily, value, t);
        double base = value - x; // the time-of-day reference the residual is taken from (0 without a profile)
        MovingMoments v = s.values;
        MovingMoments a = s.averages;
        double sd = v.stddev(minStddev);
        boolean surprises = v.n >= valueWarmup; // before that the value model is too young for its surprise to mean much
        double score = Double.NaN;
        boolean high = false;
        boolean judged = false;
        if (surprises) {
            double raw = Math.abs(x - v.mean) / sd;
            s.recentSum += raw - s.recent[s.next];
            s.recent[s.next] = raw;
            s.next = (s.next + 1) % averaging;
            long seen = v.n - valueWarmup + 1;
            double avg = s.recentSum / Math.min(seen, averaging);
            judged = v.n >= warmup && a.n >= averaging;
            if (judged) {
                score = logScore((avg - a.mean) / a.stddev(1e-6));
                high = score >= threshold;
            }
            if (seen >= averaging) {
                a.add(avg, Math.max(historyWeight, 1.0 / (a.n + 1)) / (high ? 10 : 1));
            }
        }
        v.add(x, Math.max(alpha, 1.0 / (v.n + 1)) / (high ? 10 : 1));
        if (!judged) return Assessment.WARMING_UP;
        s.grade = s.sinceHigh < restPeriod ? 0 : score;
        s.sinceHigh = high ? 0 : Math.min(restPeriod, s.sinceHigh + 1);
        return Assessment.of(high, score, base + v.mean, base + v.mean - 3 * sd, base + v.mean + 3 * sd);
    }

    /** {@code log10(Q(z)) / −10}, clamped to [0, 1]: 0 for an ordinary average, 1 for a 10⁻¹⁰ tail or rarer. */
    static double logScore(double z) {
        if (z <= 0) return 0;
        double log10Tail = logUpperTail(z) / Math.log(10);
        return Math.min(1, Math.max(0, log10Tail / -10));
    }

    /**
     * Natural log of the standard normal upper tail {@code Q(z) = erfc(z/√2)/2}, accurate in the far tail: Numerical
     * Recipes' erfc approximation (relative error below 1.2·10⁻⁷ everywhere) evaluated in log space.
     */
    static double logUpperTail(double z) {
        double x = z / Math.sqrt(2);
        double ax = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * ax);
        double poly = -ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        double logErfc = Math.log(t) + poly; // erfc(|x|)
        if (x < 0) return Math.log(1 - 0.5 * Math.exp(logErfc));
        return logErfc + Math.log(0.5);
    }

    @Override
    public void writeState(State s, DataOutput out) throws IOException {
        s.values.write(out);
        s.averages.write(out);
        out.writeShort(s.recent.length);
        for (double r : s.recent) out.writeDouble(r);
        out.writeShort(s.next);
        out.writeDouble(s.recentSum);
        out.writeInt(s.sinceHigh);
        out.writeBoolean(s.daily != null);
        if (s.daily != null) daily.write(s.daily, out);
    }

    @Override
    public State readState(DataInput in) throws IOException {
        return readState(in, true);
    }

    /**
     * @param withDaily whether the encoding ends with the daily profile's part (false: written before there was one,
     *                  as inside {@code cad} state format 2); a profile stored or not is then made to fit the settings
     */
    State readState(DataInput in, boolean withDaily) throws IOException {
        State s = new State();
        s.values.read(in);
        s.averages.read(in);
        int len = in.readShort();
        double[] stored = new double[len];
        for (int i = 0; i < len; i++) stored[i] = in.readDouble();
        int next = in.readShort();
        double sum = in.readDouble();
        s.sinceHigh = Math.min(restPeriod, in.readInt());
        if (len == averaging) {
            s.recent = stored;
            s.next = next;
            s.recentSum = sum;
        } else { // configured with another averaging since: start the short-term average afresh
            s.recent = new double[averaging];
        }
        DailyProfile.State profile = null;
        if (withDaily && in.readBoolean()) {
            profile = (daily == null ? PROFILE_READER : daily).read(in); // read past it when off now
        }
        s.daily = daily == null ? null : profile != null ? profile : daily.newState();
        return s;
    }
}
