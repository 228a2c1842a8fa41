package io.sensorstream.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The crossing of semi-contexts with the present facts: it only counts, and the facts a semi-context holds are worked
 * out on demand; they must be exactly the intersection, in ascending order, with the same bits, whatever crossed before.
 */
class ContextMemoryTest {

    private static int[] randomSet(SplittableRandom random, int max, int size) {
        TreeSet<Integer> s = new TreeSet<>();
        while (s.size() < size) s.add(random.nextInt(max));
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void crossedFactsAreTheIntersectionWithThePresentFactsInAscendingOrder() {
        SplittableRandom random = new SplittableRandom(3);
        ContextMemory.SemiContexts side = new ContextMemory.SemiContexts();
        int[][] sets = new int[300][];
        for (int i = 0; i < sets.length; i++) {
            // value facts below 128 and neuron facts from 256 on, as the left side holds them
            int[] values = randomSet(random, 128, 1 + random.nextInt(8));
            int[] neurons = random.nextBoolean() ? randomSet(random, 5_000, random.nextInt(6)) : new int[0];
            int[] f = new int[values.length + neurons.length];
            System.arraycopy(values, 0, f, 0, values.length);
            for (int k = 0; k < neurons.length; k++) f[values.length + k] = 256 + neurons[k];
            sets[i] = f;
            side.idOf(f); // a set drawn twice keeps its first id
        }
        for (int step = 0; step < 200; step++) {
            int[] present = step % 3 == 0
                    ? sets[random.nextInt(sets.length)] // one set present in full
                    : randomSet(random, 256 + 5_000, 5 + random.nextInt(30));
            side.cross(present);
            int crossed = 0;
            for (int id = 0; id < side.size; id++) {
                int[] f = side.facts[id];
                int[] expected = Arrays.stream(f).filter(x -> Arrays.binarySearch(present, x) >= 0).toArray();
                assertThat(side.crossedCount[id]).isEqualTo(expected.length);
                if (expected.length == 0) continue;
                crossed++;
                assertThat(side.crossedFacts(id)).as("step %d, id %d", step, id).containsExactly(expected);
                long low = 0;
                long high = 0;
                for (int x : expected) {
                    if (x < 64) low |= 1L << x;
                    else if (x < 128) high |= 1L << x;
                }
                assertThat(side.crossedMask(id, 0)).isEqualTo(low);
                assertThat(side.crossedMask(id, 1)).isEqualTo(high);
            }
            assertThat(side.crossedN).isEqualTo(crossed);
            int[] list = Arrays.copyOf(side.crossedList, side.crossedN);
            assertThat(list).as("in id order").isSorted();
        }
    }

    /** The per-step candidate tables keep each left fact set and each (left, right bits) pair once, across growth. */
    @Test
    void candidateSetsKeepEachLeftSetAndEachPairOnce() {
        SplittableRandom random = new SplittableRandom(5);
        ContextMemory.CandidateSet seen = new ContextMemory.CandidateSet();
        java.util.Map<java.util.List<Integer>, Integer> lefts = new java.util.HashMap<>();
        java.util.Set<java.util.List<Long>> pairs = new java.util.HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            int[] facts = randomSet(random, 12, 1 + random.nextInt(3)); // few distinct sets: many repeats
            int key = seen.leftKey(facts.clone());
            Integer known = lefts.putIfAbsent(Arrays.stream(facts).boxed().toList(), key);
            assertThat(key).isEqualTo(known == null ? lefts.size() - 1 : known);
            assertThat(seen.leftFacts(key)).containsExactly(facts);
            long low = random.nextInt(40);
            long high = random.nextInt(3);
            assertThat(seen.add(key, low, high)).as("pair %d, %d, %d", key, low, high)
                    .isEqualTo(pairs.add(java.util.List.of((long) key, low, high)));
        }
        assertThat(lefts.size()).isGreaterThan(100);
        assertThat(pairs.size()).isGreaterThan(1_000);
    }
}
