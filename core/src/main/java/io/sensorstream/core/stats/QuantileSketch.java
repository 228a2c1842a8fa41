package io.sensorstream.core.stats;

import com.tdunning.math.stats.MergingDigest;
import static io.sensorstream.core.stats.CompactEncoding.putVarint;
import static io.sensorstream.core.stats.CompactEncoding.readVarint;
import static io.sensorstream.core.stats.CompactEncoding.varintSize;
import static io.sensorstream.core.stats.CompactEncoding.zigzag;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Quantiles of a window's values: exact while the window's values fit about a kilobyte, then a t-digest.
 *
 * <p>Exact mode keeps the raw values and answers with linear interpolation between closest ranks
 * ({@code q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])} with {@code h = p·(n − 1)} on the sorted values). Example:
 * 20, 22, 27 → p50 = 22, p95 = 22 + 0.9·5 = 26.5. Beyond the limit, Ted Dunning's merging t-digest (compression
 * 100) takes over: its error is in rank, not value, so it stays accurate for data with a large offset and a small
 * spread (a pressure of 1000 ± 5), unlike a relative-error sketch such as DDSketch whose 1 % error would be ±10 there.
 * The rank error is roughly {@code ≤ 1 %} around the median (up to about 2 % after merging sketches, as session
 * windows do) and much smaller toward p95/p99.
 *
 * <p>Exact values are held in ascending order (an insertion per value: a binary search and a shift of the larger ones,
 * ~150 values on average in a 1 min window of a 5 Hz sensor), so quantiles need no sort, and so the state store gets
 * them as gaps between neighbours, mostly one byte each (kind 4 below) where raw shorts took two.
 *
 * <p>Exact values are held as scaled integers while every value is a decimal with at most {@value #MAX_DIGITS} digits
 * after the point whose scaled form fits an int, which is what sensors send: {@code 23.45} is held as {@code 2345}
 * with scale 100, and read back as {@code 2345 / 100.0}, the very same double (each value is checked bit for bit when
 * added, so nothing is ever rounded; the first value that does not fit turns the sketch to doubles), as shorts while
 * they fit ({@code −327.68 … 327.67} at two decimals). They are stored in the same form. The exact limit is a budget
 * of bytes, not of values: {@value #SHORT_LIMIT} shorts, {@value #INT_LIMIT} ints or {@value #DOUBLE_LIMIT} doubles, so a
 * one-minute window of a 5 Hz sensor (300 values) stays exact and costs 600 bytes, less than a t-digest.
 *
 * <p>Answers are reproducible everywhere: the t-digest is compacted after every value (see {@link #newDigest()}), so
 * serialising it at a Kafka Streams commit or restoring it after a crash does not change later estimates. Compacting in
 * batches instead would cost less but answers worse with the library's one-direction merge (measured over 20 series:
 * worst rank error 1.7 % with batches of 32 against 0.4 % value by value), so the byte budget above keeps the common
 * windows exact instead.
 *
 * <p>Sketches merge (session windows) and serialise for state stores. Mutable, not thread-safe.
 */
public final class QuantileSketch {

    /** Exact values held as shorts before switching to a t-digest (1 KB). */
    public static final int SHORT_LIMIT = 512;
    /** Exact values held as ints before switching to a t-digest (1 KB). */
    public static final int INT_LIMIT = 256;
    /** Exact values held as doubles before switching to a t-digest (1 KB). */
    public static final int DOUBLE_LIMIT = 128;
    private static final double COMPRESSION = 100;

    /**
     * Encoding kinds: exact doubles, t-digest (both since format v1), exact scaled integers (since v2; read, no longer
     * written), exact scaled integers in ascending order as gaps (since v3).
     */
    private static final byte DOUBLES = 0;
    private static final byte DIGEST = 1;
    private static final byte SCALED = 2;
    private static final byte SORTED_GAPS = 4;

    /** Most digits after the decimal point held as scaled integers. */
    static final int MAX_DIGITS = 6;
    private static final double[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    /** Exact values as doubles, once one did not fit as a scaled integer; null while scaled or after the digest took over. */
    private double[] exact;
    /** Exact values as {@code round(x · 10^digits)} while every one fits a short; null otherwise. */
    private short[] narrow = new short[8];
    /** The same once one needs an int; null otherwise. */
    private int[] scaled;
    /** Digits of the scale; −1 before the first value. */
    private int digits = -1;
    private int size;
    private MergingDigest digest;
    /** The gap code's order for the exact values held, or −1 after a change: {@link #encodedSize} and {@link #encode} share one choice. */
    private int gapOrder = -1;
    /** The digest's encoding since its last change, or null: {@link #encodedSize} and {@link #encode} share one. */
    private byte[] digestBytes;

    public void add(double x) {
        gapOrder = -1;
        if (digest != null) {
            digest.add(x);
            digest.compress();
            digestBytes = null;
            return;
        }
        if (exact == null && !addScaled(x)) {
            if (size >= DOUBLE_LIMIT) { // as doubles, the values held would be past their limit already
                toDigest();
                add(x);
                return;
            }
            toDoubles();
        }
        if (exact != null) {
            if (size == exact.length) exact = Arrays.copyOf(exact, Math.max(size + 1, Math.min(DOUBLE_LIMIT + 1, size * 2)));
            int at = size;
            while (at > 0 && Double.compare(exact[at - 1], x) > 0) at--; // rare (values that are no short decimals)
            System.arraycopy(exact, at, exact, at + 1, size - at);
            exact[at] = x;
            size++;
        }
        if (size > limit()) toDigest();
    }

    /** The exact limit of the current representation. */
    private int limit() {
        return narrow != null ? SHORT_LIMIT : scaled != null ? INT_LIMIT : DOUBLE_LIMIT;
    }

    private void toDigest() {
        MergingDigest d = newDigest();
        for (int i = 0; i < size; i++) {
            d.add(value(i));
            d.compress();
        }
        exact = null;
        narrow = null;
        scaled = null;
        digest = d;
    }

    /** The digest's encoding (the library compacts before it writes; the digest is compact already, so nothing changes). */
    private byte[] digestBytes() {
        if (digestBytes == null) {
            ByteBuffer b = ByteBuffer.allocate(digest.byteSize());
            digest.asBytes(b);
            digestBytes = Arrays.copyOf(b.array(), b.position());
        }
        return digestBytes;
    }

    /** Adds {@code x} as a scaled integer if it is one at this or a finer scale that all held values fit. */
    private boolean addScaled(double x) {
        int d = Math.max(digits, 0);
        long m = scaledForm(x, d);
        while (m == Long.MIN_VALUE && ++d <= MAX_DIGITS) m = scaledForm(x, d);
        if (m == Long.MIN_VALUE) return false;
        if (d > digits && digits >= 0) { // a finer scale: rescale what is held, if it fits
            long factor = (long) POWERS[d - digits];
            long largest = 0;
            for (int i = 0; i < size; i++) largest = Math.max(largest, Math.abs(held(i) * factor));
            if (largest > Integer.MAX_VALUE) return false;
            if (largest > Short.MAX_VALUE) widen();
            for (int i = 0; i < size; i++) hold(i, held(i) * factor);
        }
        digits = d;
        if (narrow != null && Math.abs(m) > Short.MAX_VALUE) widen();
        int capacity = narrow != null ? narrow.length : scaled.length;
        if (size == capacity) {
            int grown = Math.max(size + 1, Math.min(limit() + 1, size * 2));
            if (narrow != null) narrow = Arrays.copyOf(narrow, grown);
            else scaled = Arrays.copyOf(scaled, grown);
        }
        insert(m);
        return true;
    }

    /** Inserts a scaled value after the held ones not larger than it: a binary search, then one shift. */
    private void insert(long m) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (held(mid) <= m) lo = mid + 1;
            else hi = mid;
        }
        if (narrow != null) System.arraycopy(narrow, lo, narrow, lo + 1, size - lo);
        else System.arraycopy(scaled, lo, scaled, lo + 1, size - lo);
        hold(lo, m);
        size++;
    }

    private long held(int i) {
        return narrow != null ? narrow[i] : scaled[i];
    }

    private void hold(int i, long v) {
        if (narrow != null) narrow[i] = (short) v;
        else scaled[i] = (int) v;
    }

    private void widen() {
        if (narrow == null) return;
        scaled = new int[Math.max(narrow.length, Math.min(size + 1, INT_LIMIT + 1))];
        for (int i = 0; i < size; i++) scaled[i] = narrow[i];
        narrow = null;
    }

    /** {@code round(x · 10^d)} if that divided by {@code 10^d} gives back exactly {@code x} and fits an int; else MIN_VALUE. */
    private static long scaledForm(double x, int d) {
        double p = POWERS[d];
        double y = x * p;
        if (!(Math.abs(y) <= Integer.MAX_VALUE)) return Long.MIN_VALUE;
        long m = Math.round(y);
        return Double.doubleToRawLongBits(m / p) == Double.doubleToRawLongBits(x) ? m : Long.MIN_VALUE;
    }

    private void toDoubles() {
        double[] d = new double[Math.max(8, size + 1)];
        for (int i = 0; i < size; i++) d[i] = value(i);
        exact = d;
        narrow = null;
        scaled = null;
    }

    /** The i-th exact value. */
    private double value(int i) {
        return exact != null ? exact[i] : held(i) / POWERS[digits];
    }

    public void merge(QuantileSketch other) {
        if (other.digest != null) {
            if (digest == null) toDigest();
            digest.add(other.digest); // reads (and may compact) the other digest too
            digest.compress();
            digestBytes = null;
            other.digestBytes = null;
        } else {
            for (int i = 0; i < other.size; i++) add(other.value(i));
        }
    }

    /** The {@code p}-quantile, {@code 0 <= p <= 1}; NaN when empty. */
    public double quantile(double p) {
        return quantiles(new double[] {p})[0];
    }

    /** The quantiles for each of {@code ps}, as {@link #quantile} answers them, from one sort of the exact values. */
    public double[] quantiles(double[] ps) {
        double[] out = new double[ps.length];
        if (digest != null) {
            for (int i = 0; i < ps.length; i++) out[i] = digest.quantile(ps[i]);
            return out;
        }
        if (size == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        for (int i = 0; i < ps.length; i++) { // held in ascending order (dividing scaled integers keeps their order)
            double h = ps[i] * (size - 1);
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, size - 1);
            double below = value(lo);
            out[i] = below + (h - lo) * (value(hi) - below);
        }
        return out;
    }

    /** Whether the exact values are held as scaled integers (for tests and footprint checks). */
    boolean holdsScaled() {
        return exact == null && digest == null;
    }

    /** Whether the scaled integers are held as shorts (for tests). */
    boolean holdsShorts() {
        return narrow != null;
    }

    /** Whether the answer is exact (few values) rather than a t-digest estimate. */
    public boolean isExact() {
        return digest == null;
    }

    /** Bytes {@link #encode} writes. */
    public int encodedSize() {
        if (digest != null) return 1 + 4 + digestBytes().length;
        if (exact != null) return 1 + 4 + size * Double.BYTES;
        int bytes = 1 + 1 + 1 + varintSize(size);
        if (size > 0) {
            int k = gapOrder();
            long bits = 0;
            for (int i = 1; i < size; i++) bits += gapBits(held(i) - held(i - 1), k);
            bytes += varintSize(zigzag(held(0))) + 1 + (int) ((bits + 7) / 8);
        }
        return bytes;
    }

    /**
     * At least the bytes {@link #encode} writes, without encoding: a gap is at most the range of the values held, so its
     * code at most {@code 2 · (bits of the range + 1)} bits. For reserving room.
     */
    public int maxEncodedSize() {
        if (digest != null || exact != null) return encodedSize();
        if (size == 0) return 1 + 1 + 1 + 1;
        long range = held(size - 1) - held(0);
        int perGap = 2 * (65 - Long.numberOfLeadingZeros(range));
        return 1 + 1 + 1 + 5 + 10 + 1 + (int) (((long) (size - 1) * perGap + 7) / 8);
    }

    /**
     * Writes the sketch: a kind byte, then exact doubles (count, values); exact scaled integers in ascending order
     * (digits, width 2 or 4, count as a varint, the smallest as a zigzag varint, the order {@code k} of the gap code as
     * a byte, then each gap to the next value as an exponential-Golomb code of order {@code k}, bits packed high
     * first); or the t-digest in its full-precision form (length, the library's bytes: doubles, not its float "small"
     * form, so a restored sketch answers exactly as the one never interrupted).
     *
     * <p>Gap code: {@code x = gap + 2^k} has {@code b} bits; {@code b − k − 1} zero bits, then {@code x}'s {@code b}
     * bits: {@code 2b − k − 1} bits a gap. {@code k = ⌊log2(mean gap)⌋}, so the typical gap costs about {@code k + 2}
     * bits and a rare large one (a spike) only twice its length. Example: 150 values of a sensor sending two decimals
     * between 18 and 22 (mean gap 2.7, {@code k = 1}) take ~60 bytes, against 300 as raw shorts.
     */
    public void encode(ByteBuffer out) {
        if (digest != null) {
            byte[] bytes = digestBytes();
            out.put(DIGEST).putInt(bytes.length).put(bytes);
        } else if (exact != null) {
            out.put(DOUBLES).putInt(size);
            for (int i = 0; i < size; i++) out.putDouble(exact[i]);
        } else {
            out.put(SORTED_GAPS).put((byte) digits).put((byte) (narrow != null ? Short.BYTES : Integer.BYTES));
            putVarint(out, size);
            if (size > 0) {
                int k = gapOrder();
                putVarint(out, zigzag(held(0)));
                out.put((byte) k);
                GapWriter gaps = new GapWriter(out, k);
                if (narrow != null) for (int i = 1; i < size; i++) gaps.put(narrow[i] - narrow[i - 1]);
                else for (int i = 1; i < size; i++) gaps.put((long) scaled[i] - scaled[i - 1]);
                gaps.finish();
            }
        }
    }

    /**
     * The gap code's order: the {@code k} with the fewest bits for the gaps counted by bit length (the code of a gap of
     * {@code L} bits takes {@code 2 · max(L, k + 1) − k − 1} bits, give or take a carry), over at most ~64 gaps spread
     * evenly over the values. Spikes do
     * not drag it up as the mean gap would: 200 values 0.01 apart with four spikes take order 0 and ~50 bytes, where the
     * mean gap's order 2 takes ~110.
     */
    private int gapOrder() {
        if (gapOrder >= 0) return gapOrder;
        int[] byLength = new int[34];
        int step = Math.max(1, (size - 1) / 64); // a sample of at most ~64 gaps, spread evenly, is enough to choose
        if (narrow != null) for (int i = 1; i < size; i += step) byLength[64 - Long.numberOfLeadingZeros(narrow[i] - narrow[i - 1])]++;
        else for (int i = 1; i < size; i += step) byLength[64 - Long.numberOfLeadingZeros((long) scaled[i] - scaled[i - 1])]++;
        int longest = byLength.length - 1;
        while (longest > 0 && byLength[longest] == 0) longest--;
        long best = Long.MAX_VALUE;
        int order = 0;
        for (int k = 0; k <= longest; k++) { // a larger order only adds a bit to every gap
            long bits = 0;
            for (int length = 0; length <= longest; length++) {
                bits += (long) byLength[length] * (2 * Math.max(length, k + 1) - k - 1);
            }
            if (bits < best) {
                best = bits;
                order = k;
            }
        }
        gapOrder = order;
        return order;
    }

    private static int gapBits(long gap, int k) {
        int b = 64 - Long.numberOfLeadingZeros(gap + (1L << k));
        return 2 * b - k - 1;
    }





    /**
     * A t-digest that is kept fully compacted after every change and merges in one fixed direction: its answers then
     * depend only on the values added, not on when it was serialised or queried (a compaction with nothing new changes
     * nothing), so replay, streaming and a restarted task agree exactly. The cost, about a microsecond per value,
     * applies only to windows beyond the exact limit.
     */
    private static MergingDigest newDigest() {
        MergingDigest d = new MergingDigest(COMPRESSION);
        d.useAlternatingSort = false;
        return d;
    }

    /** Reads any kind {@link #encode} writes, and those of format v1 (exact doubles, t-digest). */
    public static QuantileSketch decode(ByteBuffer in) {
        QuantileSketch s = new QuantileSketch();
        byte kind = in.get();
        switch (kind) {
            case DOUBLES -> {
                int n = in.getInt();
                if (n < 0 || n > in.remaining() / Double.BYTES) throw new IllegalArgumentException("exact value count " + n);
                for (int i = 0; i < n; i++) s.add(in.getDouble()); // v1 held any count: past the limit this builds the digest
            }
            case SCALED, SORTED_GAPS -> {
                int digits = in.get();
                int width = in.get();
                long count = kind == SCALED ? in.getInt() : readVarint(in);
                int limit = width == Short.BYTES ? SHORT_LIMIT : INT_LIMIT;
                if (digits < -1 || digits > MAX_DIGITS || (width != Short.BYTES && width != Integer.BYTES) || count < 0 || count > limit
                        || (digits < 0 && count > 0)) {
                    throw new IllegalArgumentException("scaled values: digits " + digits + ", width " + width + ", count " + count);
                }
                int n = (int) count;
                s.digits = digits;
                s.size = n;
                if (width == Short.BYTES) {
                    s.narrow = new short[Math.max(8, n)];
                } else {
                    s.narrow = null;
                    s.scaled = new int[Math.max(8, n)];
                }
                if (kind == SCALED) { // v2 held them in arrival order
                    for (int i = 0; i < n; i++) s.hold(i, width == Short.BYTES ? in.getShort() : in.getInt());
                    if (s.narrow != null) Arrays.sort(s.narrow, 0, n);
                    else Arrays.sort(s.scaled, 0, n);
                } else if (n > 0) {
                    long v = readVarint(in);
                    v = (v >>> 1) ^ -(v & 1);
                    int k = in.get();
                    if (k < 0 || k > 32) throw new IllegalArgumentException("gap code order " + k);
                    long bound = width == Short.BYTES ? Short.MAX_VALUE : Integer.MAX_VALUE;
                    GapReader gaps = new GapReader(in);
                    for (int i = 0; i < n; i++) {
                        if (i > 0) v += gaps.next(k);
                        if (Math.abs(v) > bound) throw new IllegalArgumentException("scaled value " + v + " beyond width " + width);
                        s.hold(i, v);
                    }
                    gaps.finish();
                }
            }
            case DIGEST -> {
                int n = in.getInt();
                if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("t-digest length " + n);
                byte[] bytes = new byte[n];
                in.get(bytes);
                s.digest = MergingDigest.fromBytes(ByteBuffer.wrap(bytes));
                s.digest.useAlternatingSort = false;
                s.digestBytes = bytes;
                s.exact = null;
                s.narrow = null;
                s.scaled = null;
            }
            default -> throw new IllegalArgumentException("quantile sketch kind " + kind);
        }
        return s;
    }

    /** Reads the exponential-Golomb gap codes {@link #encode} packs, high bits first, through a 64-bit window. */
    private static final class GapReader {
        private final ByteBuffer in;
        private long window; // the next bits, high-aligned
        private int bits; // how many of them are read from the buffer

        GapReader(ByteBuffer in) {
            this.in = in;
        }

        /** Tops the window up to at least 33 bits (a word at a time where it can), or to the end of the buffer. */
        private void refill() {
            if (bits <= 32 && in.remaining() >= Integer.BYTES) {
                window |= (in.getInt() & 0xFFFF_FFFFL) << (32 - bits);
                bits += 32;
            }
            while (bits <= 56 && in.hasRemaining()) {
                window |= (in.get() & 0xFFL) << (56 - bits);
                bits += 8;
            }
        }

        long next(int k) {
            if (bits < 34) refill(); // a typical code is a few bits: most gaps need no refill
            int zeros = Long.numberOfLeadingZeros(window);
            if (zeros > 33 || zeros >= bits) throw new IllegalArgumentException("corrupt gap code");
            window <<= zeros;
            bits -= zeros;
            int length = zeros + k + 1;
            if (length > bits) refill();
            if (length > 57 || length > bits) throw new IllegalArgumentException("gap codes cut short");
            long x = window >>> (64 - length);
            window <<= length;
            bits -= length;
            return x - (1L << k);
        }

        /** Gives back the whole bytes read ahead: the buffer is left after the last code's byte. */
        void finish() {
            in.position(in.position() - bits / 8);
        }
    }

    /**
     * Packs exponential-Golomb codes of one order, high bits first, 32 bits at a time: a branch per word rather than
     * per byte (a per-byte loop mispredicts about every other gap).
     */
    private static final class GapWriter {
        private final ByteBuffer out;
        private final int k;
        private final long offset;
        private long acc; // bits not yet written, in the low end: fewer than 32 between gaps
        private int pending;

        GapWriter(ByteBuffer out, int k) {
            this.out = out;
            this.k = k;
            this.offset = 1L << k;
        }

        void put(long gap) {
            long x = gap + offset;
            int b = 64 - Long.numberOfLeadingZeros(x);
            int bits = 2 * b - k - 1; // b − k − 1 zeros, then x
            if (bits <= 32) {
                acc = (acc << bits) | x;
                pending += bits;
                if (pending >= 32) {
                    pending -= 32;
                    out.putInt((int) (acc >>> pending));
                }
            } else { // a gap of more than ~16 bits: zeros and x apart (up to 33 each)
                append(0, b - k - 1);
                append(x, b);
            }
        }

        private void append(long bits, int count) {
            acc = (acc << count) | bits;
            pending += count;
            while (pending >= 8) {
                pending -= 8;
                out.put((byte) (acc >>> pending));
            }
        }

        void finish() {
            while (pending >= 8) {
                pending -= 8;
                out.put((byte) (acc >>> pending));
            }
            if (pending > 0) out.put((byte) (acc << (8 - pending)));
        }
    }
}
