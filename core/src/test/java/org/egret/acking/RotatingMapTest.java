package org.egret.acking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RotatingMapTest {
    @Test
    void entriesExpireAfterAllGenerationsAndRewritesRenew() {
        RotatingMap<Integer> m = new RotatingMap<>(2);
        m.put(1L << 48 | 1, 1);
        assertEquals(List.of(), List.copyOf(m.rotate()));
        m.put(-2, 2);
        assertEquals(List.of(1), List.copyOf(m.rotate()));
        assertNull(m.get(1L << 48 | 1));
        m.put(-2, 3);
        assertEquals(List.of(), List.copyOf(m.rotate()));
        assertEquals(3, m.remove(-2));
        assertEquals(0, m.size());
        assertThrows(IllegalArgumentException.class, () -> new RotatingMap<>(1));
    }

    @Test
    void manySequentialIdsComeAndGo() {
        RotatingMap<Long> m = new RotatingMap<>(2);
        long base = 7L << 48;
        for (long i = 0; i < 100_000; i++) {
            m.put(base + i, i);
            if (i >= 1000) {
                assertEquals(i - 1000, m.remove(base + i - 1000));
            }
        }
        assertEquals(1000, m.size());
        assertEquals(99_999L, m.get(base + 99_999));
        assertNull(m.get(base + 98_999));
    }

    @Test
    void aRootThatOutlivesItsRingStaysFoundAndStillExpires() {
        RotatingMap<Long> m = new RotatingMap<>(2);
        long base = 3L << 48;
        m.put(base, -1L); // stays pending while the ring goes round many times
        for (long i = 1; i < 50_000; i++) {
            m.put(base + i, i);
            m.remove(base + i);
        }
        assertEquals(1, m.size());
        assertEquals(1, m.displacedEntries());
        assertEquals(RotatingMap.MIN_RING_SLOTS, m.ringSlots(base), "one long-lived root does not grow the ring");
        assertEquals(-1L, m.get(base));
        m.put(base + RotatingMap.MIN_RING_SLOTS, 5L); // the same slot as base, while base is displaced
        assertEquals(-1L, m.get(base));
        assertEquals(List.of(), m.rotate());
        m.put(base + RotatingMap.MIN_RING_SLOTS, 6L); // renewed
        assertEquals(List.of(-1L), m.rotate());
        assertNull(m.get(base));
        assertEquals(List.of(6L), m.rotate());
        assertEquals(0, m.size());
    }

    @Test
    void aWindowWiderThanTheRingKeepsEveryEntry() {
        RotatingMap<Long> m = new RotatingMap<>(3);
        long base = (5L << 48) | ((1L << 48) - 20_000); // the sequence wraps past its 48 bits
        int window = 20_000;
        for (long i = 0; i < 200_000; i++) {
            m.put(EdgeIds.root(5, base + i), i);
            if (i >= window) {
                assertEquals(i - window, m.remove(EdgeIds.root(5, base + i - window)));
            }
        }
        assertEquals(window, m.size());
        assertEquals(32_768, m.ringSlots(EdgeIds.root(5, 0)), "the ring grew to hold the window");
        assertEquals(0, m.displacedEntries());
        for (long i = 200_000 - window; i < 200_000; i++) {
            assertEquals(i, m.get(EdgeIds.root(5, base + i)));
        }
    }

    /** Random operations on a few spouts' roots give what Storm's bucket-list RotatingMap gives. */
    @Test
    void behavesAsAListOfBuckets() {
        SplittableRandom random = new SplittableRandom(42);
        for (int buckets = 2; buckets <= 4; buckets++) {
            RotatingMap<Integer> m = new RotatingMap<>(buckets);
            BucketModel model = new BucketModel(buckets);
            long[] next = {0, (1L << 48) - 700, 12_345};
            List<Long> live = new ArrayList<>();
            int mostDisplaced = 0;
            for (int op = 0; op < 300_000; op++) {
                int kind = random.nextInt(100);
                if (kind < 40) {
                    int spout = random.nextInt(3);
                    long root = EdgeIds.root(spout * 100 + 1, next[spout]);
                    next[spout] += random.nextInt(10) == 0 ? 1 + random.nextInt(5000) : 1;
                    m.put(root, op);
                    model.put(root, op);
                    live.add(root);
                } else if (kind < 75 && !live.isEmpty()) {
                    // mostly the old ones, as acks in order; some at random
                    int at = random.nextInt(4) == 0 ? random.nextInt(live.size()) : 0;
                    long root = live.remove(at);
                    assertEquals(model.remove(root), m.remove(root), "remove");
                } else if (kind < 90 && !live.isEmpty()) {
                    long root = live.get(random.nextInt(live.size()));
                    Integer v = model.get(root);
                    assertEquals(v, m.get(root), "get");
                    if (v != null && random.nextBoolean()) {
                        m.put(root, v); // a reset
                        model.put(root, v);
                    }
                } else if (kind < 99) {
                    long stranger = random.nextLong();
                    assertEquals(model.get(stranger), m.get(stranger), "get of an unknown root");
                } else {
                    assertEquals(new HashSet<>(model.rotate()), new HashSet<>(m.rotate()), "rotate");
                }
                assertEquals(model.size(), m.size(), "size");
                mostDisplaced = Math.max(mostDisplaced, m.displacedEntries());
            }
            assertTrue(mostDisplaced > 0, "some roots were displaced from their rings");
        }
    }

    /** Storm's layout: a list of maps, the newest first. */
    private static final class BucketModel {
        final ArrayDeque<Map<Long, Integer>> buckets = new ArrayDeque<>();

        BucketModel(int n) {
            for (int i = 0; i < n; i++) {
                buckets.add(new HashMap<>());
            }
        }

        void put(long k, int v) {
            Iterator<Map<Long, Integer>> it = buckets.iterator();
            it.next().put(k, v);
            it.forEachRemaining(b -> b.remove(k));
        }

        Integer get(long k) {
            return buckets.stream()
                    .map(b -> b.get(k))
                    .filter(v -> v != null)
                    .findFirst()
                    .orElse(null);
        }

        Integer remove(long k) {
            for (Map<Long, Integer> b : buckets) {
                Integer v = b.remove(k);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        int size() {
            return buckets.stream().mapToInt(Map::size).sum();
        }

        List<Integer> rotate() {
            Map<Long, Integer> dead = buckets.removeLast();
            buckets.addFirst(new HashMap<>());
            return new ArrayList<>(dead.values());
        }
    }
}
