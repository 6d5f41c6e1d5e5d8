package org.egret.acking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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
}
