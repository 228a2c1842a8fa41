package io.sensorstream.core.detect;

import java.util.Arrays;
import com.amazon.randomcutforest.config.Precision;
import com.amazon.randomcutforest.config.TransformMethod;
import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestMapper;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestState;
import io.protostuff.LinkedBuffer;
import io.protostuff.ProtostuffIOUtil;
import io.protostuff.Schema;
import io.protostuff.runtime.RuntimeSchema;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * AWS Random Cut Forest, from the isolation-forest family: a point that a random cut isolates quickly, given a
 * sample of the recent past, is anomalous. Each sensor and metric gets its own {@link ThresholdedRandomCutForest} on a
 * shingle of its last {@code shingleSize} values (so it sees shapes, not single values); the library's own
 * thresholder calibrates itself on the scores it sees, and a value is anomalous when its anomaly grade is above 0.
 * The score is the forest's RCF score (about 1 is normal, often 3+ for anomalies); the expected value is the
 * library's estimate where it gives one.
 *
 * <p>Example: a sensor at 20 ± 0.3 for 500 readings, then 27 → grade ≈ 1, score ≈ 3, expected ≈ 20. Warm-up: the
 * first {@code warmup} values only train the forest (at least one sample size's worth is advised).
 *
 * <p>Cost (JMH, this project's 2-core machine): about 40 µs a reading with 30 trees of 256 and 106 KB of state, whose
 * encoding for the changelog (about 0.8 ms) is needed once per commit in which the forest learnt; 10 trees of 64:
 * about 12 µs and 17 KB (0.11 ms). So run it on the sensors that need it (a {@code detect.overrides} pattern), with
 * smaller forests, sampled ({@code sampleEvery}), or on more partitions and instances. Not thread-safe, like every
 * detector state here: one model per sensor and task.
 */
public final class RandomCutForestDetector implements Detector<RandomCutForestDetector.Model> {

    /**
     * @param shingleSize  consecutive values the forest sees as one point
     * @param trees        trees in the forest
     * @param sampleSize   points each tree keeps (its memory of the recent past)
     * @param warmup       values that only train the model (no alert)
     * @param anomalyRate  expected share of anomalies, which calibrates the thresholder
     * @param seed         random seed, so runs repeat
     * @param sampleEvery  1 judges every reading; N feeds the forest every Nth reading only (a down-sampled series;
     *                     the readings between are not judged by RCF), dividing its CPU and state writes by N
     * @param minScore     0: the library's thresholder alone decides; above 0, an anomaly also needs an RCF score of at
     *                     least this much (about 1 is normal), a floor against alerts on barely unusual points
     */
    public record Settings(int shingleSize, int trees, int sampleSize, int warmup, double anomalyRate, long seed,
                           int sampleEvery, double minScore) {
        public Settings {
            if (shingleSize < 1) throw new IllegalArgumentException("rcf shingle size must be >= 1, got " + shingleSize);
            if (trees < 1) throw new IllegalArgumentException("rcf trees must be >= 1, got " + trees);
            if (sampleSize < 16) throw new IllegalArgumentException("rcf sample size must be >= 16, got " + sampleSize);
            if (warmup < 1) throw new IllegalArgumentException("rcf warm-up must be >= 1, got " + warmup);
            if (!(minScore >= 0)) throw new IllegalArgumentException("rcf min-score must be >= 0, got " + minScore);
            if (sampleEvery < 1) throw new IllegalArgumentException("rcf sample-every must be >= 1, got " + sampleEvery);
            if (!(anomalyRate > 0 && anomalyRate < 0.5)) {
                throw new IllegalArgumentException("rcf anomaly rate must be in (0, 0.5), got " + anomalyRate);
            }
        }

        /**
         * 8-value shingle, 30 trees of 256 samples, 256 values of warm-up, anomaly rate 0.5 %, every reading, and a
         * minimum RCF score of 1.5: on its own the thresholder also flags points scoring below 1, i.e. normal ones.
         */
        public static Settings defaults() {
            return new Settings(8, 30, 256, 256, 0.005, 42, 1, 1.5);
        }

        /** The same with another minimum score (0: the library's thresholder alone). */
        public Settings withMinScore(double score) {
            return new Settings(shingleSize, trees, sampleSize, warmup, anomalyRate, seed, sampleEvery, score);
        }
    }

    /**
     * One sensor and metric's forest (or one sensor's, over all its metrics), how many values it has seen (sampled or
     * not), the last value of each metric (to fill a missing one), and the forest's encoded form while it has not
     * changed since: a forest is tens of kilobytes, so it is encoded again only after it learnt.
     */
    public static final class Model {
        final ThresholdedRandomCutForest forest;
        long seen;
        double[] last;
        byte[] encoded;

        Model(ThresholdedRandomCutForest forest, long seen, double[] last, byte[] encoded) {
            this.forest = forest;
            this.seen = seen;
            this.last = last;
            this.encoded = encoded;
        }
    }

    private static final Schema<ThresholdedRandomCutForestState> SCHEMA = RuntimeSchema.getSchema(ThresholdedRandomCutForestState.class);

    private final Settings settings;
    private final int metrics;
    private final ThresholdedRandomCutForestMapper mapper = new ThresholdedRandomCutForestMapper();

    /** One forest per sensor and metric. */
    public RandomCutForestDetector(Settings settings) {
        this(settings, 0);
    }

    /**
     * @param metrics 0: one forest per sensor and metric; N: one forest per sensor over its N metrics together (a
     *                point is the shingle of N-value readings), so it sees how metrics move together
     */
    public RandomCutForestDetector(Settings settings, int metrics) {
        if (metrics < 0) throw new IllegalArgumentException("metrics must be >= 0");
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public boolean wholeSensor() {
        return metrics > 0;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "rcf";
    }

    @Override
    public Model newState() {
        ThresholdedRandomCutForest forest = ThresholdedRandomCutForest.builder()
                .dimensions(settings.shingleSize() * Math.max(1, metrics))
                .shingleSize(settings.shingleSize())
                .internalShinglingEnabled(true)
                .numberOfTrees(settings.trees())
                .sampleSize(settings.sampleSize())
                .outputAfter(Math.min(settings.warmup(), settings.sampleSize()))
                .precision(Precision.FLOAT_32)
                .transformMethod(TransformMethod.NORMALIZE)
                .anomalyRate(settings.anomalyRate())
                .parallelExecutionEnabled(false)
                .randomSeed(settings.seed())
                .build();
        double[] last = null;
        if (metrics > 0) {
            last = new double[metrics];
            Arrays.fill(last, Double.NaN);
        }
        return new Model(forest, 0, last, null);
    }

    @Override
    public Assessment assess(Model m, double value, long eventTimeMs) {
        return judge(m, new double[] {value}, eventTimeMs, true);
    }

    /** All metrics at once ({@code metrics > 0}): a missing metric takes its last value; none yet: not judged. */
    @Override
    public Assessment assessAll(Model m, double[] values, long eventTimeMs) {
        double[] point = new double[metrics];
        boolean complete = true;
        for (int i = 0; i < metrics; i++) {
            double v = i < values.length ? values[i] : Double.NaN;
            if (Double.isNaN(v)) {
                v = m.last[i];
            } else {
                m.last[i] = v;
            }
            point[i] = v;
            complete &= !Double.isNaN(v);
        }
        return complete ? judge(m, point, eventTimeMs, false) : Assessment.WARMING_UP;
    }

    private Assessment judge(Model m, double[] point, long eventTimeMs, boolean scalar) {
        if (m.seen++ % settings.sampleEvery() != 0) {
            return Assessment.WARMING_UP; // not sampled: not judged
        }
        AnomalyDescriptor d = m.forest.process(point, eventTimeMs);
        m.encoded = null;
        if ((m.seen - 1) / settings.sampleEvery() + 1 <= settings.warmup()) {
            return Assessment.WARMING_UP;
        }
        double grade = d.getRCFScore() >= settings.minScore() ? d.getAnomalyGrade() : 0;
        double expected = Double.NaN;
        double[][] expectations = d.getExpectedValuesList();
        if (scalar && grade > 0 && d.getRelativeIndex() == 0 && expectations != null && expectations.length > 0
                && expectations[0] != null && expectations[0].length > 0) {
            expected = expectations[0][0];
        }
        return Assessment.of(grade > 0, d.getRCFScore(), expected, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    @Override
    public void writeState(Model m, DataOutput out) throws IOException {
        if (m.encoded == null) {
            m.encoded = ProtostuffIOUtil.toByteArray(mapper.toState(m.forest), SCHEMA, LinkedBuffer.allocate(4096));
        }
        byte[] bytes = m.encoded;
        out.writeLong(m.seen);
        out.writeInt(m.last == null ? -1 : m.last.length);
        if (m.last != null) {
            for (double v : m.last) out.writeDouble(v);
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public Model readState(DataInput in) throws IOException {
        long seen = in.readLong();
        int lastLength = in.readInt();
        double[] last = lastLength < 0 ? null : new double[lastLength];
        for (int i = 0; i < lastLength; i++) last[i] = in.readDouble();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        ThresholdedRandomCutForestState state = SCHEMA.newMessage();
        ProtostuffIOUtil.mergeFrom(bytes, state, SCHEMA);
        return new Model(mapper.toModel(state, settings.seed()), seen, last, bytes);
    }
}
