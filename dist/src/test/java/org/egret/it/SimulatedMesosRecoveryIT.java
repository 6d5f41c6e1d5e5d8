package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.TaskState;
import org.egret.examples.verify.ReliableTopology;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;
import org.egret.scheduler.mesos.sim.SimulatedMesosMaster;
import org.junit.jupiter.api.Test;

/**
 * A container's task process is killed from outside on the simulated Mesos master's agent: the
 * framework relaunches it as a new attempt of the same bin, and at-least-once delivery loses no id.
 */
class SimulatedMesosRecoveryIT {
    private static final int N = 12_000;

    @Test
    void aKilledTaskOnTheSimulatedMesosMasterIsRelaunchedAsANewAttemptAndNoIdIsLost() throws Exception {
        try (LocalCluster cluster = new LocalCluster("mesos");
                SimulatedMesosMaster master =
                        new SimulatedMesosMaster(Files.createDirectories(cluster.root.resolve("mesos")))) {
            cluster.withConfigProperty("egret.mesos.master.url", master.uri().toString());
            Path out = cluster.root.resolve("ids");
            cluster.submitOk(
                    ReliableTopology.class.getName(),
                    "simmesos-rel",
                    out.toString(),
                    Integer.toString(N),
                    "on",
                    "1000");
            ReliableRun run = new ReliableRun(out);
            try {
                LocalCluster.waitFor(
                        "tuples flowing",
                        Duration.ofSeconds(150),
                        () -> run.score().acked() > 1000);
            } catch (AssertionError e) {
                throw new AssertionError(
                        e.getMessage() + "\ntasks: " + master.taskStates() + "\n"
                                + sandboxLogs(cluster.root.resolve("mesos")),
                        e);
            }

            // kill the container without the spout (a spout's pending set dies with it, docs/design.md, section 4)
            PackingPlan plan =
                    PackingPlan.parseFrom(Files.readAllBytes(cluster.stateRoot.resolve("packingplans/simmesos-rel")));
            int victim = plan.getContainersList().stream()
                    .filter(c -> c.getInstancesList().stream()
                            .noneMatch(i -> i.getComponent().equals("ids")))
                    .mapToInt(ContainerPlan::getId)
                    .findFirst()
                    .orElseThrow();
            String task = "egret.simmesos-rel.c" + victim + ".a1";
            long ackedAtKill = run.score().acked();
            assertTrue(master.killTaskProcess(task), "no process for " + task + " in " + master.liveProcesses());
            String next = "egret.simmesos-rel.c" + victim + ".a2";
            LocalCluster.waitFor(
                    next + " running and acks moving",
                    Duration.ofSeconds(120),
                    () -> master.taskStates().get(next) == TaskState.TASK_RUNNING
                            && run.score().acked() > Math.min(N - 1, ackedAtKill + 500));
            assertEquals(TaskState.TASK_FAILED, master.taskStates().get(task));

            try {
                LocalCluster.waitFor(
                        "every id acked",
                        Duration.ofSeconds(120),
                        () -> run.score().acked() >= N);
            } catch (AssertionError e) {
                throw new AssertionError(
                        e.getMessage() + ": " + run.score() + "\n" + sandboxLogs(cluster.root.resolve("mesos")), e);
            }
            ReliableRun.Score s = run.score();
            assertEquals(N, s.acked());
            assertEquals(0, s.dups(), "an id acked twice: " + s);
            assertEquals(List.of(), ReliableRun.missing(run.sinkCounts(), N));

            cluster.kill("simmesos-rel");
            LocalCluster.waitFor(
                    "every process gone",
                    Duration.ofSeconds(30),
                    () -> cluster.roles("simmesos-rel").isEmpty());
            assertTrue(master.liveProcesses().isEmpty());
            assertTrue(cluster.stateIsEmpty());
        }
    }

    /** ERROR/WARN lines of every log in the simulated agent's sandboxes, for failure messages. */
    static String sandboxLogs(Path dir) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".log")
                            || p.getFileName().toString().equals("stderr"))
                    .sorted()
                    .toList()) {
                List<String> bad = Files.readAllLines(f).stream()
                        .filter(l -> l.contains("ERROR") || l.contains("Exception") || l.contains("WARN"))
                        .limit(10)
                        .toList();
                if (!bad.isEmpty()) {
                    sb.append("== ").append(dir.relativize(f)).append('\n');
                    bad.forEach(l -> sb.append(l).append('\n'));
                }
            }
        } catch (IOException | RuntimeException e) {
            sb.append(e);
        }
        return sb.toString();
    }
}
