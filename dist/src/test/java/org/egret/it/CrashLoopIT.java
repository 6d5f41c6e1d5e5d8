package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.egret.examples.verify.BrokenTopologies;
import org.junit.jupiter.api.Test;

/**
 * A process that keeps dying is given up, its container replaced, and a container that keeps
 * failing ends as a FAILED topology with the reason in `egret list`, not a loop.
 */
class CrashLoopIT {
    @Test
    void aCrashLoopEndsAsAFailedTopologyNotRestartedForever() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            // the executor gives the crasher up after one restart; the scheduler's window limit (2 container
            // failures) then ends the topology before the executor's own restart limit would
            cluster.withConfigProperty("egret.executor.max.restarts", "1")
                    .withConfigProperty("egret.executor.restart.backoff.ms", "200")
                    .withConfigProperty("egret.scheduler.container.max.failures", "2");
            cluster.submitOk(BrokenTopologies.CrashLoop.class.getName(), "crashy");
            String[] last = {""};
            LocalCluster.waitFor("list to report the failed topology", Duration.ofSeconds(90), () -> {
                try {
                    last[0] = cluster.egret("list").out();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return last[0].contains("FAILED (2 container failures within 600 s")
                        && last[0].contains("crasher")
                        && last[0].contains("container 1 is not restarted again");
            });
            assertTrue(cluster.logs("crashy").contains("giving up"), cluster.logs("crashy"));
            LocalCluster.waitFor(
                    "container 1 to stay down",
                    Duration.ofSeconds(10),
                    () -> cluster.pids("crashy", "executor", "container-1").isEmpty());
            assertFalse(cluster.roles("crashy").contains("stmgr"), "the given-up container is not restarted");
            cluster.kill("crashy");
            assertTrue(cluster.stateIsEmpty());
        }
    }
}
