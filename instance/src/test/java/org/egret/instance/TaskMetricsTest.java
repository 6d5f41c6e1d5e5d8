package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {
  @Test
  void countersAndLatenciesResetWithEachSnapshot() {
    TaskMetrics m = new TaskMetrics();
    m.emitted("default");
    m.emitted("default");
    m.latency("complete-latency", 3_000_000);
    m.latency("complete-latency", 1_000_000);
    Map<String, Long> first = m.snapshotAndReset();
    assertEquals(2, first.get("emitted"));
    assertEquals(2, first.get("emitted/default"));
    assertEquals(2000, first.get("complete-latency-us"));
    Map<String, Long> second = m.snapshotAndReset();
    assertEquals(0, second.get("emitted"));
    assertTrue(!second.containsKey("complete-latency-us"), "no samples, no mean");
  }

  @Test
  void reportedErrorsTravelAsStackTracesAndAreBounded() {
    TaskMetrics m = new TaskMetrics();
    for (int i = 0; i < 25; i++) {
      m.exception(new IllegalStateException("boom " + i));
    }
    List<String> traces = m.takeExceptions();
    assertEquals(20, traces.size());
    assertTrue(traces.get(0).startsWith("java.lang.IllegalStateException: boom 0"), traces.get(0));
    assertEquals(25, m.snapshotAndReset().get("errors"));
    assertTrue(m.takeExceptions().isEmpty());
  }
}
