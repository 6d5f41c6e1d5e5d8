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
 * WordCount through {@code bin/egret submit mesos} against the simulated Mesos master with two
 * agents on different loopback addresses: every container is a Mesos command task an agent
 * fetches (the distribution tarball and the topology package) and runs as a real process, and its
 * servers bind and advertise that agent's address, so tuples cross between agents. The topology
 * secret reaches each sandbox as a Mesos secret and ends up only in its 0600 file.
 */
class SimulatedMesosWordCountIT {
    private static final int SENTENCES = 3000;
    /**
     * Per agent: the plan's biggest container (3 tasks, 896 MB) and container 0 (512 MB) fit one
     * agent, the other bin (2 tasks, 768 MB) does not fit beside them, so the two stream managers
     * land on different agents.
     */
    private static final int AGENT_MEM_MB = 1600;

    @Test
    void wordCountAcrossTwoSimulatedMesosAgentsIsExactSurvivesADroppedStreamKeepsTheSecretAndKillLeavesNothing()
            throws Exception {
        SimulatedMesosMaster.Options agents = new SimulatedMesosMaster.Options().agents(2);
        agents.memMb = AGENT_MEM_MB;
        try (LocalCluster cluster = new LocalCluster("mesos");
                SimulatedMesosMaster master =
                        new SimulatedMesosMaster(Files.createDirectories(cluster.root.resolve("mesos")), agents)) {
            cluster.withConfigProperty("egret.mesos.master.url", master.uri().toString());
            Path out = cluster.root.resolve("counts");
            cluster.submitOk(
                    WordCountTopology.class.getName(), "simmesos-wc", Integer.toString(SENTENCES), out.toString());

            Map<String, Long> expected = new TreeMap<>();
            for (int i = 0; i < SENTENCES; i++) {
                for (String w : SentenceSpout.SENTENCES[i % SentenceSpout.SENTENCES.length].split(" ")) {
                    expected.merge(w, 1L, Long::sum);
                }
            }
            try {
                LocalCluster.waitFor(
                        "exact word counts", Duration.ofSeconds(150), () -> expected.equals(WordCountIT.counts(out)));
            } catch (AssertionError e) {
                throw new AssertionError(
                        e.getMessage() + "\ncounts: " + WordCountIT.counts(out) + "\ntasks: " + master.taskStates()
                                + "\n" + SimulatedMesosRecoveryIT.sandboxLogs(cluster.root.resolve("mesos")),
                        e);
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
            LocalCluster.waitFor(
                    "resubscription", Duration.ofSeconds(30), () -> master.subscriptions() > subscriptions);
            assertEquals(frameworks, master.frameworkIds());
            assertEquals(executors, cluster.pids("simmesos-wc", "executor"));
            assertTrue(
                    master.taskStates().keySet().stream().allMatch(t -> t.endsWith(".a1")),
                    master.taskStates().toString());

            // servers bind the ports their task was offered (TM of container 0, each container's SM)
            Map<String, List<Long>> ports = master.taskPorts();
            org.egret.proto.PhysicalPlan pplan = org.egret.proto.PhysicalPlan.parseFrom(
                    Files.readAllBytes(cluster.stateRoot.resolve("pplans/simmesos-wc")));
            for (org.egret.proto.StMgrLocation sm : pplan.getStmgrsList()) {
                List<Long> offered = ports.get("egret.simmesos-wc.c" + sm.getContainer() + ".a1");
                assertTrue(
                        offered != null && offered.contains((long) sm.getDataPort()),
                        sm.getId() + " listens on " + sm.getDataPort() + ", offered " + offered);
            }
            org.egret.proto.TMasterLocation tm = org.egret.proto.TMasterLocation.parseFrom(
                    Files.readAllBytes(cluster.stateRoot.resolve("tmasters/simmesos-wc")));
            assertTrue(
                    ports.get("egret.simmesos-wc.c0.a1").contains((long) tm.getServerPort()),
                    "TM listens on " + tm.getServerPort() + ", offered " + ports.get("egret.simmesos-wc.c0.a1"));

            // the containers are spread over both agents, and each one's servers advertise its agent's address
            Map<String, String> hosts = master.taskHosts();
            assertEquals(Set.copyOf(master.agentHostnames()), Set.copyOf(hosts.values()), hosts.toString());
            Set<String> smHosts = new java.util.HashSet<>();
            for (org.egret.proto.StMgrLocation sm : pplan.getStmgrsList()) {
                String agentHost = hosts.get("egret.simmesos-wc.c" + sm.getContainer() + ".a1");
                assertEquals(
                        agentHost, sm.getHost(), sm.getId() + " advertises its agent's address; tasks on " + hosts);
                smHosts.add(sm.getHost());
            }
            assertEquals(
                    Set.of("127.0.0.21", "127.0.0.22"),
                    smHosts,
                    "the stream managers are on different agents: " + pplan.getStmgrsList());
            assertEquals(hosts.get("egret.simmesos-wc.c0.a1"), tm.getHost(), "the TM advertises its agent's address");

            // the secret reached each sandbox as a Mesos secret: a 0600 file there, and in no child's environment
            SecretAudit secret = SecretAudit.of(cluster.stateRoot, "simmesos-wc");
            secret.assertContainerFiles(cluster.root.resolve("mesos"), 3);
            for (String role : List.of("executor", "stmgr", "instance")) {
                for (long pid : cluster.pids("simmesos-wc", role)) {
                    // the executor got it from the agent (so the children's lack of it is its doing), no child did
                    assertEquals(
                            role.equals("executor"),
                            secret.inEnvironment(pid),
                            role + " (pid " + pid + ")'s environment");
                }
            }
            secret.assertInNoCommandLine();
            secret.assertInNoOtherFile(cluster.root);

            cluster.kill("simmesos-wc");
            LocalCluster.waitFor(
                    "every process gone",
                    Duration.ofSeconds(30),
                    () -> cluster.roles("simmesos-wc").isEmpty());
            assertTrue(master.liveProcesses().isEmpty(), master.liveProcesses().toString());
            assertTrue(master.calls().contains(Call.Type.TEARDOWN), "TEARDOWN sent");
            assertTrue(cluster.stateIsEmpty(), "state nodes left behind");
            assertTrue(Files.notExists(cluster.workingDir.resolve("simmesos-wc")), "scheduler directory left behind");
            assertTrue(Files.notExists(cluster.packagesDir.resolve("simmesos-wc")), "package left behind");
        }
    }
}
