package org.egret.acking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RotatingMapTest {
  @Test
  void entriesExpireAfterAllGenerationsAndRewritesRenew() {
    RotatingMap<Integer> m = new RotatingMap<>(2);
    m.put(1L << 48 | 1, 1);
    assertEquals(Map.of(), m.rotate());
    m.put(-2, 2);
    assertEquals(Map.of(1L << 48 | 1, 1), m.rotate());
    assertNull(m.get(1L << 48 | 1));
    m.put(-2, 3);
    assertEquals(Map.of(), m.rotate());
    assertEquals(3, m.remove(-2));
    assertEquals(0, m.size());
    assertThrows(IllegalArgumentException.class, () -> new RotatingMap<>(1));
  }
}
