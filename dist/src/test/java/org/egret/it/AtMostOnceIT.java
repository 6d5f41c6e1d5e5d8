package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.egret.examples.verify.ReliableTopology;
import org.junit.jupiter.api.Test;

/** With topology.acker.executors 0 Egret is at-most-once: after a kill nothing is replayed. */
class AtMostOnceIT {
    private static final int N = 30_000;

    @Test
    void ackingOffNeverReplays() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            Path out = cluster.root.resolve("amo");
            cluster.submitOk(
                    ReliableTopology.class.getName(), "amo", out.toString(), Integer.toString(N), "off", "3000");
            ReliableRun run = new ReliableRun(out);
            LocalCluster.waitFor(
                    "a third of the ids",
                    Duration.ofSeconds(120),
                    () -> run.score().emitted() > N / 3);
            Set<Long> sinks = cluster.pids("amo", "instance", "-sink.log");
            assertFalse(sinks.isEmpty());
            ProcessHandle.of(sinks.iterator().next()).ifPresent(ProcessHandle::destroyForcibly);
            LocalCluster.waitFor(
                    "every id emitted",
                    Duration.ofSeconds(120),
                    () -> run.score().emitted() >= N);
            ReliableRun.Score s = run.score();
            assertEquals(N, s.emitted(), "no replays: " + s);
            assertEquals(N, s.acked(), "acked at once on emit, as Storm does without ackers: " + s);
            assertEquals(0, s.fails(), "nothing fails or times out without acking: " + s);
            assertEquals(0, s.dups());
            // give the sinks a tick to flush, then: no id twice
            LocalCluster.waitFor(
                    "sinks flushed",
                    Duration.ofSeconds(30),
                    () -> run.sinkCounts().size() > N / 3);
            Map<Long, Integer> sink = run.sinkCounts();
            assertTrue(sink.values().stream().allMatch(c -> c == 1), "an id reached the sink twice");
            cluster.kill("amo");
        }
    }
}
