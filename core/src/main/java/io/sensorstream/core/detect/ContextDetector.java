package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Contextual anomaly detection after Mikhail Smirnov's CAD OSE (NAB's "contextOSE", 69.9 standard): the detector
 * learns, online and per sensor, which <em>contexts</em> follow one another and scores how much of the present it did
 * not foresee.
 * <ol>
 *   <li>A value becomes a handful of facts: its bin {@code n = ⌊(x − min) / step⌋} among {@code 2^bits} bins over the
 *       sensor's range, written in binary, each bit {@code i} one fact {@code 2i + bit} (n = 5, bits = 3 → facts 1, 2, 5).</li>
 *   <li>A context pairs a left group (the previous value's facts plus the contexts that were active then, "neurons")
 *       with a right group (the present value's facts). Each step records the context (previous group, present facts),
 *       and, from contexts whose left group matched but whose right group matched only in part, their overlaps as new
 *       contexts.</li>
 *   <li>Score {@code s = (1 − active / selected + added / candidates) / 2}: the share of matching contexts whose
 *       prediction failed, plus the share of candidate contexts that were new. After a score ≥ {@code rest-threshold}
 *       the detector stays quiet for {@code rest-period} readings (one alert per surprise, not one per reading).</li>
 * </ol>
 * Example: 10 contexts matched the previous step and 8 of them foresaw the present value; 1 of 4 candidate contexts
 * was new: s = (1 − 0.8 + 0.25) / 2 = 0.225, normal; a value never seen after this context scores close to 1.
 * <p>
 * Online range: NAB gives its detectors each file's minimum and maximum in advance. Here the range is configured
 * ({@code min}, {@code max}) or learnt from the first {@code learn} readings (widened by {@code margin} of its width on
 * each side), which are then replayed through the model (training only: the replay starts no rest period); a value
 * outside the range gets more bits (or a sign fact),
 * so it is new by construction. While the range is being learnt, an optional <em>judge</em> (the anomaly likelihood of
 * the values, {@link AnomalyLikelihoodDetector}, which needs no range) assesses the readings instead, so a sensor is
 * watched from its 300th reading rather than its {@code learn}th: on NAB, 17 of 116 anomaly windows start after the
 * probationary period but before reading 750 (the short files), and judging them took the graded score from 70.9 to
 * 73.6 on the subset, from 62.0 to 67.1 on the whole corpus. Memory grows with what the sensor shows: at
 * {@code max-contexts} the model starts afresh (keeping its range), quiet for one rest period. The tie-break among equally strong active contexts is a hash
 * of their facts, as in the original; this port uses its own hash, so scores differ from NAB's files in detail.
 */
public final class ContextDetector implements Detector<ContextDetector.State> {

    /**
     * 3: the judge's state (with its time-of-day profile) follows the rest-period counter; 2: the same without the
     * profile; 1: no judge (read as "none yet").
     */
    private static final byte FORMAT = 3;
    /** Facts of value bits are {@code 2i + bit} for bit positions i ≤ 40; a negative bin adds this fact (all below 128). */
    static final int SIGN_FACT = 127;
    /** Facts naming active contexts ("neurons") are this plus the context id, above every value fact. */
    private static final int NEURON_BASE = 256;
    /** Bins further than this from the range count as this far (a bounded number of facts). */
    private static final long MAX_BIN = 1L << 40;

    /** Settings; see the catalog entry "cad" for their meaning and defaults. */
    public record Settings(int bits, double threshold, double restThreshold, int restPeriod, int maxLeftFacts,
                           int maxActive, double min, double max, int learn, double margin, int maxContexts) {
        public Settings {
            if (bits < 1 || bits > 16) throw new IllegalArgumentException("bits must be in [1, 16], got " + bits);
            if (restPeriod < 1) throw new IllegalArgumentException("rest-period must be >= 1, got " + restPeriod);
            if (maxActive < 1) throw new IllegalArgumentException("max-active must be >= 1, got " + maxActive);
            if (maxLeftFacts < 1) throw new IllegalArgumentException("max-left-facts must be >= 1, got " + maxLeftFacts);
            if (Double.isNaN(min) != Double.isNaN(max) || (!Double.isNaN(min) && !(max >= min))) {
                throw new IllegalArgumentException("min and max must be set together with max >= min, got " + min + ", " + max);
            }
            if (Double.isNaN(min) && learn < 2) throw new IllegalArgumentException("learn must be >= 2 without min/max, got " + learn);
            if (!(margin >= 0)) throw new IllegalArgumentException("margin must be >= 0, got " + margin);
            if (maxContexts < 16) throw new IllegalArgumentException("max-contexts must be >= 16, got " + maxContexts);
        }
    }

    /** One sensor's model: its range, the context memory and the rest-period counter. */
    public static final class State {
        double min = Double.NaN;
        double step;
        double[] learning;
        int learnt;
        int sinceHigh;
        int[] leftGroup = new int[0];
        ContextMemory memory = new ContextMemory();
        long resets;
        /** The judge's state while the range is learnt (null without a judge or once learnt). */
        AnomalyLikelihoodDetector.State judge;
        /** The judge's grade of the last assessment, NaN when the model made it (not stored: read right after). */
        double judgedGrade = Double.NaN;

        /** Contexts learnt so far (for tests and sizing). */
        public int contexts() {
            return memory.contexts;
        }

        /** Times the memory reached max-contexts and started afresh. */
        public long resets() {
            return resets;
        }
    }

    /** Reads a stored judge's state when this cad has none (the encoding describes itself; the settings do not matter). */
    private static final AnomalyLikelihoodDetector JUDGE_READER = new AnomalyLikelihoodDetector(0.5, 1, 2, 1, 0, 0);

    private final Settings settings;
    private final double maxBinValue;
    /** Judges the readings while the range is learnt; null: they are not judged (warming up). */
    private final AnomalyLikelihoodDetector judge;

    public ContextDetector(Settings settings) {
        this(settings, null);
    }

    /** With {@code judge} (null for none) assessing the readings while the range is learnt. */
    public ContextDetector(Settings settings, AnomalyLikelihoodDetector judge) {
        this.settings = settings;
        this.maxBinValue = (1 << settings.bits()) - 1.0;
        this.judge = judge;
    }

    @Override
    public String name() {
        return "cad";
    }

    /** The score itself: already in [0, 1]; while learning, the judge's grade. */
    @Override
    public double grade(State s, Assessment a) {
        if (a.warmingUp()) return 0;
        return Double.isNaN(s.judgedGrade) ? a.score() : s.judgedGrade;
    }

    @Override
    public State newState() {
        State s = new State();
        if (Double.isNaN(settings.min())) {
            s.learning = new double[settings.learn()];
            s.judge = judge == null ? null : judge.newState();
        } else {
            setRange(s, settings.min(), settings.max());
        }
        return s;
    }

    private void setRange(State s, double min, double max) {
        double full = max - min;
        if (full == 0) full = maxBinValue;
        s.min = min;
        s.step = full / maxBinValue;
    }

    @Override
    public Assessment assess(State s, double x, long t) {
        s.judgedGrade = Double.NaN;
        if (Double.isNaN(x)) return Assessment.WARMING_UP;
        if (s.learning != null) {
            s.learning[s.learnt++] = x;
            Assessment judged = Assessment.WARMING_UP;
            if (s.judge != null) {
                judged = judge.assess(s.judge, x, t);
                s.judgedGrade = judge.grade(s.judge, judged);
            }
            if (s.learnt < s.learning.length) return judged;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : s.learning) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            double pad = (hi - lo) * settings.margin();
            setRange(s, lo - pad, hi + pad);
            double[] replay = s.learning;
            s.learning = null;
            for (double v : replay) score(s, v);
            // the replay trains a fresh model, to which everything is new: its high scores are not surprises of the
            // stream and start no rest period (muting the first rest period after learning cost 3.5 NAB points)
            s.sinceHigh = settings.restPeriod();
            s.judge = null; // the model judges from the next reading on
            return judged;
        }
        double score = score(s, x);
        boolean anomalous = score >= settings.threshold();
        return Assessment.of(anomalous, score, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** One step of the model; the score it reports (0 inside a rest period). */
    private double score(State s, double x) {
        if (s.memory.contexts >= settings.maxContexts()) {
            s.memory = new ContextMemory();
            s.leftGroup = new int[0];
            s.sinceHigh = 0;
            s.resets++;
        }
        double current = step(s, facts(s, x));
        double reported = s.sinceHigh >= settings.restPeriod() ? current : 0.0;
        s.sinceHigh = current >= settings.restThreshold() ? 0 : s.sinceHigh + 1;
        return reported;
    }

    /** The value's facts, sorted: bit i of its bin n is fact {@code 2i + bit}, at least {@code bits} of them. */
    int[] facts(State s, double x) {
        double raw = (x - s.min) / s.step;
        long n = (long) Math.max(-MAX_BIN, Math.min(MAX_BIN, raw)); // truncation toward zero, as the original's int()
        boolean negative = n < 0;
        long m = Math.abs(n);
        int width = Math.max(settings.bits(), 64 - Long.numberOfLeadingZeros(m));
        int[] out = new int[width + (negative ? 1 : 0)];
        for (int i = 0; i < width; i++) out[i] = 2 * i + (int) ((m >>> i) & 1);
        if (negative) out[width] = SIGN_FACT;
        return out; // ascending: 2i + bit grows with i, the sign fact is largest
    }

    private double step(State s, int[] sensed) {
        ContextMemory mem = s.memory;
        PairSet candidates = new PairSet();
        boolean newContext = false;
        if (s.leftGroup.length > 0) {
            candidates.add(s.leftGroup, sensed);
            newContext = mem.contextOf(s.leftGroup, sensed, true) == ContextMemory.CREATED;
        }
        mem.right.cross(sensed);
        ContextMemory.Activity activity = mem.activate(newContext, settings.maxLeftFacts());
        for (int i = 0; i < activity.candidates; i++) candidates.add(activity.candidateLeft[i], activity.candidateRight[i]);
        double selectedActive = activity.selected > 0 ? activity.active / (double) activity.selected : 0.0;

        int[] neurons = mem.strongest(activity, settings.maxActive());
        int[] group = new int[sensed.length + neurons.length];
        System.arraycopy(sensed, 0, group, 0, sensed.length);
        for (int i = 0; i < neurons.length; i++) group[sensed.length + i] = NEURON_BASE + neurons[i];
        Arrays.sort(group, sensed.length, group.length); // value facts < neuron facts: the whole group is sorted
        s.leftGroup = group;

        int added = 0;
        for (int i = 0; i < activity.candidates; i++) {
            if (mem.contextOf(activity.candidateLeft[i], activity.candidateRight[i], false) == ContextMemory.CREATED) added++;
        }
        mem.left.cross(group);
        if (newContext) added++;
        double addedShare = newContext && candidates.size() > 0 ? added / (double) candidates.size() : 0.0;
        return (1.0 - selectedActive + addedShare) / 2.0;
    }

    @Override
    public void writeState(State s, DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeDouble(s.min);
        out.writeDouble(s.step);
        out.writeBoolean(s.learning != null);
        if (s.learning != null) {
            out.writeInt(s.learnt);
            for (int i = 0; i < s.learnt; i++) out.writeDouble(s.learning[i]);
        }
        out.writeInt(s.sinceHigh);
        out.writeBoolean(s.judge != null);
        if (s.judge != null) judge.writeState(s.judge, out);
        out.writeLong(s.resets);
        VarintBuffer buffer = new VarintBuffer();
        buffer.ints(s.leftGroup);
        s.memory.write(buffer);
        buffer.writeTo(out);
    }

    @Override
    public State readState(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format < 1 || format > FORMAT) {
            throw new IOException("cad state format " + format + " is not known (this version reads 1 to " + FORMAT + ")");
        }
        State s = new State();
        s.min = in.readDouble();
        s.step = in.readDouble();
        if (in.readBoolean()) {
            int learnt = in.readInt();
            s.learning = new double[Math.max(settings.learn(), learnt + 1)];
            for (int i = 0; i < learnt; i++) s.learning[i] = in.readDouble();
            s.learnt = learnt;
        }
        s.sinceHigh = in.readInt();
        if (format >= 2 && in.readBoolean()) {
            AnomalyLikelihoodDetector.State judged = (judge == null ? JUDGE_READER : judge).readState(in, format >= 3);
            s.judge = judge == null ? null : judged; // a judge switched off since: its state is read past and dropped
        } else if (format == 1 && s.learning != null && judge != null) {
            s.judge = judge.newState(); // learning under an earlier version: judged from here on
        }
        s.resets = in.readLong();
        s.leftGroup = readInts(in);
        s.memory = ContextMemory.read(in);
        s.memory.left.cross(s.leftGroup);
        return s;
    }

    /** A fact set as {@link VarintBuffer#ints} writes it. */
    static void writeInts(int[] a, DataOutput out) throws IOException {
        VarintBuffer buffer = new VarintBuffer();
        buffer.ints(a);
        buffer.writeTo(out);
    }

    static int[] readInts(DataInput in) throws IOException {
        int n = readVarint(in);
        if (n > 1 << 16) throw new IOException("cad state: a fact set of " + n + " facts");
        int[] a = new int[n];
        int previous = 0;
        for (int i = 0; i < n; i++) {
            int z = readVarint(in);
            previous += (z >>> 1) ^ -(z & 1);
            a[i] = previous;
        }
        return a;
    }

    static int readVarint(DataInput in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IOException("cad state: a malformed varint");
    }

    /** Unordered set of (left facts, right facts) pairs, for counting distinct candidate contexts. */
    private static final class PairSet {
        private final java.util.HashSet<Pair> pairs = new java.util.HashSet<>();

        void add(int[] left, int[] right) {
            pairs.add(new Pair(left, right));
        }

        int size() {
            return pairs.size();
        }

        private record Pair(int[] left, int[] right) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Pair p && Arrays.equals(left, p.left) && Arrays.equals(right, p.right);
            }

            @Override
            public int hashCode() {
                return 31 * Arrays.hashCode(left) + Arrays.hashCode(right);
            }
        }
    }
}
