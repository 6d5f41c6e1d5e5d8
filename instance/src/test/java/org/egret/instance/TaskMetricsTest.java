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

    @Test
    void cachedCounterSlotsCountEveryNameApart() {
        TaskMetrics m = new TaskMetrics();
        // more names than the identity cache holds, and equal names as distinct String objects
        String[] names = {"acked", "failed", "timed-out", "a", "b", "c"};
        for (int round = 0; round < 3; round++) {
            for (String n : names) {
                m.inc(n);
                m.inc(new String(n));
            }
        }
        m.executed("spout", "default");
        m.executed("spout", "other");
        m.executed("spout", "default");
        m.executed(new String("spout"), new String("default"));
        m.latency("execute-latency", 2_000_000);
        m.latency("complete-latency", 4_000_000);
        m.latency(new String("execute-latency"), 4_000_000);
        Map<String, Long> s = m.snapshotAndReset();
        for (String n : names) {
            assertEquals(6, s.get(n), n);
        }
        assertEquals(4, s.get("executed"));
        assertEquals(3, s.get("executed/spout:default"));
        assertEquals(1, s.get("executed/spout:other"));
        assertEquals(3000, s.get("execute-latency-us"));
        assertEquals(4000, s.get("complete-latency-us"));
        m.inc("acked");
        assertEquals(1, m.snapshotAndReset().get("acked"), "a cached slot still belongs to the reported counter");
    }

    @Test
    void emitsSoFarAreNotResetBySnapshots() {
        TaskMetrics m = new TaskMetrics();
        m.emitted("default");
        m.snapshotAndReset();
        m.emitted("other");
        assertEquals(2, m.emittedTotal());
    }

    @Test
    void executeLatencyIsSampledAtStormsRate() {
        assertEquals(20, TaskRunner.sampleEvery(Map.of()));
        assertEquals(1, TaskRunner.sampleEvery(Map.of("topology.stats.sample.rate", 1.0)));
        assertEquals(4, TaskRunner.sampleEvery(Map.of("topology.stats.sample.rate", 0.25)));
        assertEquals(Integer.MAX_VALUE, TaskRunner.sampleEvery(Map.of("topology.stats.sample.rate", 0)));
    }

    @Test
    void aSpoutsWindowIsMaxSpoutPendingElseEgretsCap() {
        assertEquals(500, TaskRunner.spoutWindow(500, 1_000_000));
        assertEquals(1_000_000, TaskRunner.spoutWindow(null, 1_000_000), "Storm's default (no limit) gets the cap");
        assertEquals(1_000_000, TaskRunner.spoutWindow(0, 1_000_000), "as does an explicit 0");
        assertEquals(5_000_000, TaskRunner.spoutWindow(5_000_000, 1_000_000), "the topology's own choice stands");
    }
}
