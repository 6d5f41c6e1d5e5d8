package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.egret.examples.verify.BrokenTopologies;
import org.junit.jupiter.api.Test;

/** A process that keeps dying is given up after its restart limit and reported by `egret list`. */
class CrashLoopIT {
  @Test
  void aCrashLoopIsReportedNotRestartedForever() throws Exception {
    try (LocalCluster cluster = new LocalCluster()) {
      cluster.withConfigProperty("egret.executor.max.restarts", "2")
          .withConfigProperty("egret.executor.restart.backoff.ms", "200");
      cluster.submitOk(BrokenTopologies.CrashLoop.class.getName(), "crashy");
      String[] last = {""};
      LocalCluster.waitFor("list to report the failed bolt", Duration.ofSeconds(90), () -> {
        try {
          last[0] = cluster.egret("list").out();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return last[0].contains("failed: container-1/instance-") && last[0].contains("crasher");
      });
      assertTrue(cluster.roles("crashy").contains("stmgr"), "the rest of the container keeps running");
      assertTrue(cluster.logs("crashy").contains("giving up"), cluster.logs("crashy"));
      cluster.kill("crashy");
      assertTrue(cluster.stateIsEmpty());
    }
  }
}
