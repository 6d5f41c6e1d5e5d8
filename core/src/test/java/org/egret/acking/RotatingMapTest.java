package org.egret.acking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RotatingMapTest {
  @Test
  void entriesExpireAfterAllGenerationsAndRewritesRenew() {
    RotatingMap<String, Integer> m = new RotatingMap<>(2);
    m.put("a", 1);
    assertEquals(Map.of(), m.rotate());
    m.put("b", 2);
    assertEquals(Map.of("a", 1), m.rotate());
    assertNull(m.get("a"));
    m.put("b", 3);
    assertEquals(Map.of(), m.rotate());
    assertEquals(3, m.remove("b"));
    assertEquals(0, m.size());
    assertThrows(IllegalArgumentException.class, () -> new RotatingMap<>(1));
  }
}
