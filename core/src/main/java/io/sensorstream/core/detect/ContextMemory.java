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
            boolean leftFull = leftCrossed == left.factCount[l];
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
                    if (rightCrossed == right.factCount[r]) {
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

    /**
     * One step's distinct candidate overlaps: left fact sets numbered once, pairs (left number, right facts) kept once,
     * the pairs in an open-addressing table of primitives (a hash set of boxed keys was a third of cad's time).
     */
    static final class CandidateSet {
        /** Left fact sets by number, and an open-addressing index of them: slot holds number + 1 (0: empty). */
        private final java.util.ArrayList<int[]> leftFacts = new java.util.ArrayList<>();
        private int[] leftSlots = new int[32];
        private int[] leftHashes = new int[32];
        /** Slot i holds (pairLeft[i] − 1, pairLow[i], pairHigh[i]); 0 in pairLeft: empty. */
        private int[] pairLeft = new int[64];
        private long[] pairLow = new long[64];
        private long[] pairHigh = new long[64];
        private int pairs;

        int leftKey(int[] facts) {
            long h64 = SemiContexts.hash(facts);
            int hash = (int) (h64 ^ h64 >>> 32);
            int mask = leftSlots.length - 1;
            for (int i = hash & mask; ; i = (i + 1) & mask) {
                int held = leftSlots[i];
                if (held == 0) {
                    leftFacts.add(facts);
                    leftSlots[i] = leftFacts.size();
                    leftHashes[i] = hash;
                    if (leftFacts.size() * 2 > leftSlots.length) growLefts();
                    return leftFacts.size() - 1;
                }
                if (leftHashes[i] == hash && Arrays.equals(leftFacts.get(held - 1), facts)) return held - 1;
            }
        }

        private void growLefts() {
            int[] oldSlots = leftSlots;
            int[] oldHashes = leftHashes;
            int n = oldSlots.length * 2;
            leftSlots = new int[n];
            leftHashes = new int[n];
            for (int j = 0; j < oldSlots.length; j++) {
                if (oldSlots[j] == 0) continue;
                int i = oldHashes[j] & (n - 1);
                while (leftSlots[i] != 0) i = (i + 1) & (n - 1);
                leftSlots[i] = oldSlots[j];
                leftHashes[i] = oldHashes[j];
            }
        }

        int[] leftFacts(int key) {
            return leftFacts.get(key);
        }

        /** Right parts are value facts only (below 128), so two words of bits name them exactly. Whether it was new. */
        boolean add(int leftKey, long rightLow, long rightHigh) {
            int mask = pairLeft.length - 1;
            for (int i = hash(leftKey, rightLow, rightHigh) & mask; ; i = (i + 1) & mask) {
                int held = pairLeft[i];
                if (held == 0) {
                    pairLeft[i] = leftKey + 1;
                    pairLow[i] = rightLow;
                    pairHigh[i] = rightHigh;
                    if (++pairs * 2 > pairLeft.length) grow();
                    return true;
                }
                if (held == leftKey + 1 && pairLow[i] == rightLow && pairHigh[i] == rightHigh) return false;
            }
        }

        private void grow() {
            int[] oldLeft = pairLeft;
            long[] oldLow = pairLow;
            long[] oldHigh = pairHigh;
            int n = oldLeft.length * 2;
            pairLeft = new int[n];
            pairLow = new long[n];
            pairHigh = new long[n];
            for (int j = 0; j < oldLeft.length; j++) {
                if (oldLeft[j] == 0) continue;
                int i = hash(oldLeft[j] - 1, oldLow[j], oldHigh[j]) & (n - 1);
                while (pairLeft[i] != 0) i = (i + 1) & (n - 1);
                pairLeft[i] = oldLeft[j];
                pairLow[i] = oldLow[j];
                pairHigh[i] = oldHigh[j];
            }
        }

        private static int hash(int left, long rightLow, long rightHigh) {
            long h = (left * 0x9E3779B97F4A7C15L ^ rightLow) * 0xC2B2AE3D27D4EB4FL ^ rightHigh;
            h *= 0x9E3779B97F4A7C15L;
            return (int) (h ^ h >>> 32);
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

    /**
     * One side's semi-contexts: fact sets by id, which semi-contexts hold each fact, and the last crossing. A crossing
     * counts the present facts each semi-context holds; which facts they are is worked out only for the few that
     * propose candidates ({@link #crossedFacts}): writing them down for every crossed semi-context was half of cad's time.
     */
    static final class SemiContexts {
        int size;
        int[][] facts = new int[64][];
        /** {@code facts[id].length}, kept apart: activation compares it for every crossed id (no pointer chase). */
        int[] factCount = new int[64];
        long[] hash = new long[64];
        int[] crossedCount = new int[64];
        int[] crossedList = new int[16];
        int crossedN;
        /** The facts of the last crossing, ascending, and as bits (fact f is bit f % 64 of word f / 64). */
        private int[] present = new int[0];
        private long[] presentBits = new long[8];
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
                factCount = Arrays.copyOf(factCount, n);
                hash = Arrays.copyOf(hash, n);
                crossedCount = Arrays.copyOf(crossedCount, n);
            }
            facts[id] = f;
            factCount[id] = f.length;
            hash[id] = hash(f);
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

        /** How many of {@code present} (ascending) each semi-context holds: the crossed ones, in id order. */
        void cross(int[] present) {
            for (int i = 0; i < crossedN; i++) crossedCount[crossedList[i]] = 0;
            crossedN = 0;
            for (int fact : this.present) presentBits[fact >>> 6] = 0;
            this.present = present;
            for (int fact : present) {
                if (fact >>> 6 >= presentBits.length) presentBits = Arrays.copyOf(presentBits, Math.max((fact >>> 6) + 1, presentBits.length * 2));
                presentBits[fact >>> 6] |= 1L << fact;
            }
            for (int fact : present) {
                int[] list = fact < holders.length ? holders[fact] : null;
                if (list == null) continue;
                for (int k = 1; k <= list[0]; k++) {
                    int id = list[k];
                    if (crossedCount[id]++ == 0) {
                        if (crossedN == crossedList.length) crossedList = Arrays.copyOf(crossedList, crossedN * 2);
                        crossedList[crossedN++] = id;
                    }
                }
            }
            if (crossedN > size / 8) { // most of them: a scan in id order is cheaper than sorting
                int k = 0;
                for (int id = 0; id < size; id++) if (crossedCount[id] > 0) crossedList[k++] = id;
            } else {
                Arrays.sort(crossedList, 0, crossedN);
            }
        }

        /**
         * The present facts {@code id} holds, ascending (the order of the present facts): the intersection of two
         * ascending sets (every fact set is ascending: made from ascending present facts, or a part of them).
         */
        int[] crossedFacts(int id) {
            int[] f = facts[id];
            int[] out = new int[crossedCount[id]];
            for (int i = 0, n = 0; n < out.length; i++) {
                if (isPresent(f[i])) out[n++] = f[i];
            }
            return out;
        }

        /** Bits {@code 64·word …} of {@link #crossedFacts} below 128 (on the right side: all of them), without a copy. */
        long crossedMask(int id, int word) {
            int[] f = facts[id];
            long m = 0;
            for (int i = 0, n = 0, count = crossedCount[id]; n < count; i++) {
                if (isPresent(f[i])) {
                    n++;
                    if (f[i] >> 6 == word) m |= 1L << f[i];
                }
            }
            return m;
        }

        private boolean isPresent(int fact) {
            int word = fact >>> 6;
            return word < presentBits.length && (presentBits[word] & 1L << fact) != 0;
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
