package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.egret.examples.SentenceSpout;
import org.egret.examples.WordCountTopology;
import org.egret.scheduler.mesos.sim.SimulatedMesosMaster;
import org.junit.jupiter.api.Test;

/**
 * WordCount through {@code bin/egret submit mesos} against the simulated Mesos master: every
 * container is a Mesos command task the simulated agent fetches (the distribution tarball and
 * the topology package) and runs as a real process.
 */
class SimulatedMesosWordCountIT {
  private static final int SENTENCES = 3000;

  @Test
  void wordCountOnTheSimulatedMesosMasterIsExactSurvivesADroppedStreamAndKillLeavesNothing() throws Exception {
    try (LocalCluster cluster = new LocalCluster("mesos");
        SimulatedMesosMaster master = new SimulatedMesosMaster(Files.createDirectories(cluster.root.resolve("mesos")))) {
      cluster.withConfigProperty("egret.mesos.master.url", master.uri().toString());
      Path out = cluster.root.resolve("counts");
      cluster.submitOk(WordCountTopology.class.getName(), "simmesos-wc", Integer.toString(SENTENCES), out.toString());

      Map<String, Long> expected = new TreeMap<>();
      for (int i = 0; i < SENTENCES; i++) {
        for (String w : SentenceSpout.SENTENCES[i % SentenceSpout.SENTENCES.length].split(" ")) {
          expected.merge(w, 1L, Long::sum);
        }
      }
      try {
        LocalCluster.waitFor("exact word counts", Duration.ofSeconds(150), () -> expected.equals(WordCountIT.counts(out)));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\ncounts: " + WordCountIT.counts(out) + "\ntasks: "
            + master.taskStates() + "\n" + SimulatedMesosRecoveryIT.sandboxLogs(cluster.root.resolve("mesos")), e);
      }
      List<String> roles = cluster.roles("simmesos-wc");
      assertEquals(3, Collections.frequency(roles, "executor"), roles.toString());
      assertEquals(1, Collections.frequency(roles, "scheduler"), roles.toString());
      assertEquals(5, Collections.frequency(roles, "instance"), roles.toString());

      // the network drops the subscription: the scheduler resubscribes as the same framework, nothing restarts
      Set<Long> executors = cluster.pids("simmesos-wc", "executor");
      List<String> frameworks = master.frameworkIds();
      int subscriptions = master.subscriptions();
      master.dropSubscriptions();
      LocalCluster.waitFor("resubscription", Duration.ofSeconds(30), () -> master.subscriptions() > subscriptions);
      assertEquals(frameworks, master.frameworkIds());
      assertEquals(executors, cluster.pids("simmesos-wc", "executor"));
      assertTrue(master.taskStates().keySet().stream().allMatch(t -> t.endsWith(".a1")), master.taskStates().toString());

      // servers bind the ports their task was offered (TM of container 0, each container's SM)
      Map<String, List<Long>> ports = master.taskPorts();
      org.egret.proto.PhysicalPlan pplan = org.egret.proto.PhysicalPlan.parseFrom(
          Files.readAllBytes(cluster.stateRoot.resolve("pplans/simmesos-wc")));
      for (org.egret.proto.StMgrLocation sm : pplan.getStmgrsList()) {
        List<Long> offered = ports.get("egret.simmesos-wc.c" + sm.getContainer() + ".a1");
        assertTrue(offered != null && offered.contains((long) sm.getDataPort()),
            sm.getId() + " listens on " + sm.getDataPort() + ", offered " + offered);
      }
      org.egret.proto.TMasterLocation tm = org.egret.proto.TMasterLocation.parseFrom(
          Files.readAllBytes(cluster.stateRoot.resolve("tmasters/simmesos-wc")));
      assertTrue(ports.get("egret.simmesos-wc.c0.a1").contains((long) tm.getServerPort()),
          "TM listens on " + tm.getServerPort() + ", offered " + ports.get("egret.simmesos-wc.c0.a1"));

      cluster.kill("simmesos-wc");
      LocalCluster.waitFor("every process gone", Duration.ofSeconds(30), () -> cluster.roles("simmesos-wc").isEmpty());
      assertTrue(master.liveProcesses().isEmpty(), master.liveProcesses().toString());
      assertTrue(master.calls().contains(Call.Type.TEARDOWN), "TEARDOWN sent");
      assertTrue(cluster.stateIsEmpty(), "state nodes left behind");
      assertTrue(Files.notExists(cluster.workingDir.resolve("simmesos-wc")), "scheduler directory left behind");
      assertTrue(Files.notExists(cluster.packagesDir.resolve("simmesos-wc")), "package left behind");
    }
  }
}
