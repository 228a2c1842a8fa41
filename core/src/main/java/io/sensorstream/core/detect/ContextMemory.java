package io.sensorstream.core.detect;

import java.io.DataInput;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The context memory of {@link ContextDetector}: left and right semi-contexts (fact sets, shared between contexts that
 * have the same left or right part, as in CAD OSE) and the contexts pairing them, each with how often it came true.
 * A step crosses the present facts with each side (which semi-contexts contain which of them) and then reads which
 * contexts were foreseen. Crossing touches only the semi-contexts that contain a present fact, not all of them.
 */
final class ContextMemory {

    static final int CREATED = 1;
    static final int EXISTING = 0;
    private static final int MAX_HITS = (1 << 30) - 1;

    /** What a step's activation found. */
    static final class Activity {
        int selected;
        int active;
        int[] activeIds = new int[16];
        int candidates;
        int[][] candidateLeft = new int[8][];
        int[][] candidateRight = new int[8][];

        void addActive(int id) {
            if (active == activeIds.length) activeIds = Arrays.copyOf(activeIds, active * 2);
            activeIds[active++] = id;
        }

        void addCandidate(int[] left, int[] right) {
            if (candidates == candidateLeft.length) {
                candidateLeft = Arrays.copyOf(candidateLeft, candidates * 2);
                candidateRight = Arrays.copyOf(candidateRight, candidates * 2);
            }
            candidateLeft[candidates] = left;
            candidateRight[candidates++] = right;
        }
    }

    final SemiContexts left = new SemiContexts();
    final SemiContexts right = new SemiContexts();
    int contexts;
    private int[] contextLeft = new int[64];
    private int[] contextRight = new int[64];
    private int[] hits = new int[64];
    private boolean[] zeroLevel = new boolean[64];
    private final LongIntMap byPair = new LongIntMap();
    /** Per left semi-context: its contexts in creation order. */
    private int[][] links = new int[64][];
    private int[] linkCount = new int[64];
    private int newContext = -1;

    /**
     * Finds or records the context (leftFacts → rightFacts). A zero-level context is one seen directly (previous group,
     * present facts); the one just created is left out of this step's activation.
     *
     * @return {@link #CREATED} or {@link #EXISTING}
     */
    int contextOf(int[] leftFacts, int[] rightFacts, boolean zero) {
        int l = left.idOf(leftFacts);
        int r = right.idOf(rightFacts);
        long key = (long) l << 32 | r;
        int existing = byPair.get(key);
        if (existing >= 0) {
            if (zero) zeroLevel[existing] = true;
            return EXISTING;
        }
        int id = add(l, r, 0, zero);
        byPair.put(key, id);
        if (zero) newContext = id;
        return CREATED;
    }

    private int add(int l, int r, int hitCount, boolean zero) {
        int id = contexts++;
        if (id == contextLeft.length) {
            int n = id * 2;
            contextLeft = Arrays.copyOf(contextLeft, n);
            contextRight = Arrays.copyOf(contextRight, n);
            hits = Arrays.copyOf(hits, n);
            zeroLevel = Arrays.copyOf(zeroLevel, n);
        }
        contextLeft[id] = l;
        contextRight[id] = r;
        hits[id] = hitCount;
        zeroLevel[id] = zero;
        if (l >= links.length) {
            int n = Math.max(l + 1, links.length * 2);
            links = Arrays.copyOf(links, n);
            linkCount = Arrays.copyOf(linkCount, n);
        }
        int[] list = links[l];
        if (list == null) list = links[l] = new int[4];
        if (linkCount[l] == list.length) list = links[l] = Arrays.copyOf(list, list.length * 2);
        list[linkCount[l]++] = id;
        return id;
    }

    /**
     * Reads the contexts whose left part matched the previous group (crossed at the end of the previous step) against
     * the present facts (crossed just before): selected if the left part matched fully, active (and counted) if the
     * right part did too; partial matches of zero-level contexts become candidates for new contexts when this step
     * recorded a new zero-level context.
     */
    Activity activate(boolean newContextFlag, int maxLeftFacts) {
        Activity a = new Activity();
        CandidateSet seen = newContextFlag ? new CandidateSet() : null;
        for (int i = 0; i < left.crossedN; i++) {
            int l = left.crossedList[i];
            int leftCrossed = left.crossedCount[l];
            boolean leftFull = leftCrossed == left.facts[l].length;
            boolean mayPropose = newContextFlag && leftCrossed <= maxLeftFacts;
            if (!leftFull && !mayPropose) continue; // neither selected nor a source of candidates
            int[] list = links[l];
            int leftKey = -1;
            for (int k = 0, n = linkCount[l]; k < n; k++) {
                int c = list[k];
                if (c == newContext) continue;
                int r = contextRight[c];
                int rightCrossed = right.crossedCount[r];
                if (leftFull) {
                    a.selected++;
                    if (rightCrossed == 0) continue;
                    if (rightCrossed == right.facts[r].length) {
                        if (hits[c] < MAX_HITS) hits[c]++; // saturates: encoded with the zero-level flag in one varint
                        a.addActive(c);
                        continue;
                    }
                } else if (rightCrossed == 0) {
                    continue;
                }
                if (zeroLevel[c] && mayPropose) {
                    // Many contexts propose the same overlap; only the first of each is kept (the others would find it
                    // already created, exactly as in the original, which creates from the list in order).
                    if (leftKey < 0) leftKey = seen.leftKey(left.crossedFacts(l));
                    if (seen.add(leftKey, right.crossedMask(r, 0), right.crossedMask(r, 1))) {
                        a.addCandidate(seen.leftFacts(leftKey), right.crossedFacts(r));
                    }
                }
            }
        }
        newContext = -1;
        return a;
    }

    /** One step's distinct candidate overlaps: left fact sets numbered once, pairs (left number, right facts) kept once. */
    private static final class CandidateSet {
        private final HashMap<FactKey, Integer> lefts = new HashMap<>();
        private final java.util.ArrayList<int[]> leftFacts = new java.util.ArrayList<>();
        private final java.util.HashSet<PairKey> pairs = new java.util.HashSet<>();

        int leftKey(int[] facts) {
            FactKey key = new FactKey(facts);
            Integer k = lefts.get(key);
            if (k != null) return k;
            lefts.put(key, leftFacts.size());
            leftFacts.add(facts);
            return leftFacts.size() - 1;
        }

        int[] leftFacts(int key) {
            return leftFacts.get(key);
        }

        /** Right parts are value facts only (below 128), so two words of bits name them exactly. */
        boolean add(int leftKey, long rightLow, long rightHigh) {
            return pairs.add(new PairKey(leftKey, rightLow, rightHigh));
        }

        private record PairKey(int left, long rightLow, long rightHigh) {
            @Override
            public int hashCode() {
                long h = (left * 0x9E3779B97F4A7C15L ^ rightLow) * 0xC2B2AE3D27D4EB4FL ^ rightHigh;
                h *= 0x9E3779B97F4A7C15L;
                return (int) (h ^ h >>> 32);
            }
        }
    }

    /** The ids of the {@code max} strongest active contexts: most hits, ties by the hashes of their parts. */
    int[] strongest(Activity a, int max) {
        int[] top = new int[Math.min(max, a.active)];
        int n = 0;
        for (int i = 0; i < a.active; i++) {
            int c = a.activeIds[i];
            if (n < top.length) {
                int j = n++;
                while (j > 0 && stronger(top[j - 1], c)) top[j] = top[--j]; // keep top ascending
                top[j] = c;
            } else if (stronger(c, top[0])) {
                int j = 0;
                while (j + 1 < n && stronger(c, top[j + 1])) top[j] = top[++j];
                top[j] = c;
            }
        }
        return top;
    }

    /** Whether context x ranks above y: more hits, ties by the hashes of the left, then the right part. */
    private boolean stronger(int x, int y) {
        if (hits[x] != hits[y]) return hits[x] > hits[y];
        long lx = left.hash[contextLeft[x]];
        long ly = left.hash[contextLeft[y]];
        if (lx != ly) return lx > ly;
        return right.hash[contextRight[x]] > right.hash[contextRight[y]];
    }

    void write(VarintBuffer out) {
        left.write(out);
        right.write(out);
        out.varint(contexts);
        for (int c = 0; c < contexts; c++) { // varints: most ids and counts take one or two bytes
            out.varint(contextLeft[c]);
            out.varint(contextRight[c]);
            out.varint(hits[c] << 1 | (zeroLevel[c] ? 1 : 0));
        }
    }

    static ContextMemory read(DataInput in) throws IOException {
        ContextMemory m = new ContextMemory();
        m.left.read(in);
        m.right.read(in);
        int n = ContextDetector.readVarint(in);
        for (int c = 0; c < n; c++) {
            int l = ContextDetector.readVarint(in);
            int r = ContextDetector.readVarint(in);
            int packed = ContextDetector.readVarint(in);
            int h = packed >>> 1;
            boolean zero = (packed & 1) != 0;
            if (l >= m.left.size || r >= m.right.size) throw new IOException("cad state: context " + c + " names a missing semi-context");
            m.byPair.put((long) l << 32 | r, m.add(l, r, h, zero));
        }
        return m;
    }

    /** One side's semi-contexts: fact sets by id, which semi-contexts hold each fact, and the last crossing. */
    static final class SemiContexts {
        int size;
        int[][] facts = new int[64][];
        long[] hash = new long[64];
        int[] crossedCount = new int[64];
        private int[][] crossed = new int[64][];
        int[] crossedList = new int[16];
        int crossedN;
        private long[] crossedLow = new long[64];
        private long[] crossedHigh = new long[64];
        private final HashMap<FactKey, Integer> byFacts = new HashMap<>();
        /** Per fact (facts are small ints: value facts below 256, then 256 + context id): the semi-contexts holding it. */
        private int[][] holders = new int[512][];

        int idOf(int[] f) {
            FactKey key = new FactKey(f);
            Integer id = byFacts.get(key);
            return id != null ? id : add(f, key);
        }

        private int add(int[] f, FactKey key) {
            int id = size++;
            if (id == facts.length) {
                int n = id * 2;
                facts = Arrays.copyOf(facts, n);
                hash = Arrays.copyOf(hash, n);
                crossedCount = Arrays.copyOf(crossedCount, n);
                crossed = Arrays.copyOf(crossed, n);
                crossedLow = Arrays.copyOf(crossedLow, n);
                crossedHigh = Arrays.copyOf(crossedHigh, n);
            }
            facts[id] = f;
            hash[id] = hash(f);
            crossed[id] = new int[f.length];
            byFacts.put(key, id);
            for (int fact : f) {
                if (fact >= holders.length) holders = Arrays.copyOf(holders, Math.max(fact + 1, holders.length * 2));
                int[] list = holders[fact];
                if (list == null) {
                    list = new int[] {0, 0, 0, 0};
                } else if (list[0] + 1 == list.length) {
                    list = Arrays.copyOf(list, list.length * 2);
                }
                list[++list[0]] = id; // list[0] holds the count
                holders[fact] = list;
            }
            return id;
        }

        /** Which semi-contexts hold which of {@code present}: the crossed ones, in id order. */
        void cross(int[] present) {
            for (int i = 0; i < crossedN; i++) {
                int id = crossedList[i];
                crossedCount[id] = 0;
                crossedLow[id] = 0;
                crossedHigh[id] = 0;
            }
            crossedN = 0;
            for (int fact : present) {
                int[] list = fact < holders.length ? holders[fact] : null;
                if (list == null) continue;
                for (int k = 1; k <= list[0]; k++) {
                    int id = list[k];
                    if (crossedCount[id] == 0) {
                        if (crossedN == crossedList.length) crossedList = Arrays.copyOf(crossedList, crossedN * 2);
                        crossedList[crossedN++] = id;
                    }
                    crossed[id][crossedCount[id]++] = fact;
                    if (fact < 64) crossedLow[id] |= 1L << fact;
                    else if (fact < 128) crossedHigh[id] |= 1L << fact;
                }
            }
            if (crossedN > size / 8) { // most of them: a scan in id order is cheaper than sorting
                int k = 0;
                for (int id = 0; id < size; id++) if (crossedCount[id] > 0) crossedList[k++] = id;
            } else {
                Arrays.sort(crossedList, 0, crossedN);
            }
        }

        int[] crossedFacts(int id) {
            return Arrays.copyOf(crossed[id], crossedCount[id]);
        }

        /** Bits {@code 64·word …} of the crossed facts of {@code id} below 128 (on the right side: all of them). */
        long crossedMask(int id, int word) {
            return word == 0 ? crossedLow[id] : crossedHigh[id];
        }

        void write(VarintBuffer out) {
            out.varint(size);
            for (int i = 0; i < size; i++) out.ints(facts[i]);
        }

        void read(DataInput in) throws IOException {
            int n = ContextDetector.readVarint(in);
            for (int i = 0; i < n; i++) {
                int[] f = ContextDetector.readInts(in);
                add(f, new FactKey(f));
            }
        }

        /** A mixing hash of a fact set: the tie-break among equally strong contexts (any fixed hash will do). */
        static long hash(int[] f) {
            long h = 0x345678L ^ f.length;
            for (int v : f) {
                h = (h ^ v) * 0x9E3779B97F4A7C15L;
                h = Long.rotateLeft(h, 31);
            }
            return h * 0xC2B2AE3D27D4EB4FL;
        }
    }

    /** A fact set as a map key, its hash computed once. */
    private static final class FactKey {
        private final int[] facts;
        private final int hash;

        FactKey(int[] facts) {
            this.facts = facts;
            long h = SemiContexts.hash(facts);
            this.hash = (int) (h ^ h >>> 32); // Arrays.hashCode collides a lot on sets of small ints
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FactKey k && hash == k.hash && Arrays.equals(facts, k.facts);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
