package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.mesos.v1.Protos.TaskState;
import org.egret.examples.verify.ReliableTopology;
import org.egret.proto.PackingPlan;
import org.egret.runtime.ProcessArguments;
import org.egret.scheduler.mesos.sim.SimulatedMesosMaster;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code egret update} on the Mesos framework, against the simulated Mesos master: scaling the sink
 * up opens a container that runs as a new Mesos task and takes its share of the keys; scaling it
 * down kills that task for good; asking for more than the agent has fails, changes nothing and
 * leaves nothing running; and through it all no id is lost or acked twice.
 */
class SimulatedMesosUpdateIT {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedMesosUpdateIT.class);
    private static final String NAME = "simmesos-upd";
    private static final int N = 30_000;
    private static final int PER_SECOND = 500;
    /** The simulated agent's memory: the topology before and after scaling up fits, the failing ask does not. */
    private static final int AGENT_MEM_MB = 4096;

    private static final int CONTAINER0_MEM_MB = 512;
    /**
     * The failing ask waits all of it (no one can tell an offer will never come), so that update alone
     * gets a short one; the others keep the default, since scaling up took 20-30 s on a busy 2-core
     * host (fetching a 120 MB package, starting JVMs).
     */
    private static final int UPDATE_TIMEOUT_MS = 15_000;

    @Test
    void scalingUpAndDownOnTheSimulatedMesosMasterRoutesKeysKillsRemovedContainersAndRefusesWhatTheAgentCannotHold()
            throws Exception {
        SimulatedMesosMaster.Options agent = new SimulatedMesosMaster.Options();
        agent.memMb = AGENT_MEM_MB;
        try (LocalCluster cluster = new LocalCluster("mesos");
                SimulatedMesosMaster master =
                        new SimulatedMesosMaster(Files.createDirectories(cluster.root.resolve("mesos")), agent)) {
            cluster.withConfigProperty("egret.mesos.master.url", master.uri().toString());
            Path out = cluster.root.resolve("ids");
            Path planFile = cluster.stateRoot.resolve("packingplans/" + NAME);
            long t0 = System.nanoTime();
            cluster.submitOk(
                    ReliableTopology.class.getName(),
                    NAME,
                    out.toString(),
                    Integer.toString(N),
                    "on",
                    Integer.toString(PER_SECOND));
            ReliableRun run = new ReliableRun(out);
            waitOrExplain(
                    cluster,
                    master,
                    run,
                    "acks moving",
                    Duration.ofSeconds(150),
                    () -> run.score().acked() > 500);
            LOG.info("submitted and acking after {} s", secondsSince(t0));

            // 1. scale the sink up: its new instances do not fit the running containers' reservations
            PackingPlan p1 = PackingPlan.parseFrom(Files.readAllBytes(planFile));
            long t1 = System.nanoTime();
            LocalCluster.Result up = cluster.egret("update", NAME, "--component-parallelism=sink:4");
            ReliableRun.Score atUp = run.score();
            LOG.info("scale up took {} s: {}\n{}", secondsSince(t1), up.out().trim(), schedulerUpdateLines(cluster));
            assertEquals(0, up.code(), () -> up.err() + up.out() + "\n" + diagnostics(cluster, master));
            PackingPlan p2 = PackingPlan.parseFrom(Files.readAllBytes(planFile));
            Set<Integer> addedIds = minus(ids(p2), ids(p1));
            assertEquals(1, addedIds.size(), "one new container: " + p1 + " -> " + p2);
            assertTrue(ids(p2).containsAll(ids(p1)), "scaling up keeps every container");
            int added = addedIds.iterator().next();
            assertTrue(
                    reservedMb(p2) + CONTAINER0_MEM_MB <= AGENT_MEM_MB, "the scaled-up plan must fit the agent: " + p2);
            String addedTask = "egret." + NAME + ".c" + added + ".a1";
            assertEquals(
                    TaskState.TASK_RUNNING,
                    master.taskStates().get(addedTask),
                    master.taskStates().toString());
            assertTrue(
                    master.liveProcesses().contains(addedTask),
                    master.liveProcesses().toString());

            List<Integer> sinks = UpdateChecks.tasksOf(p2, "sink");
            List<Integer> newSinks = new ArrayList<>(sinks);
            newSinks.removeAll(UpdateChecks.tasksOf(p1, "sink"));
            assertEquals(4, sinks.size(), sinks.toString());
            assertEquals(2, newSinks.size(), newSinks.toString());
            for (int t : newSinks) {
                assertEquals(
                        added, UpdateChecks.containerOf(p2, t), "new sink task " + t + " runs in the new container");
            }
            // ids first emitted after the update returned (plus a margin for plans still propagating) follow the new
            // plan
            long from = atUp.emitted() + 2000;
            waitOrExplain(
                    cluster,
                    master,
                    run,
                    "new sink tasks " + newSinks + " recording ids, and ids past " + from + " emitted",
                    Duration.ofSeconds(90),
                    () -> {
                        Map<Integer, Set<Long>> byTask = UpdateChecks.idsBySinkTask(out);
                        ReliableRun.Score s = run.score();
                        return newSinks.stream()
                                        .allMatch(t -> !byTask.getOrDefault(t, Set.of())
                                                .isEmpty())
                                && s.emitted() - s.fails() >= from + 6000;
                    });
            ReliableRun.Score beforeDown = run.score();
            // emitted - fails is at most the highest new id; 5000 ids back (10 s at the pace) were emitted long enough
            // ago to be acked or to have failed and been replayed before the scale-down changes the routing again
            long to = beforeDown.emitted() - beforeDown.fails() - 5000;
            List<String> wrong = UpdateChecks.misrouted(UpdateChecks.idsBySinkTask(out), sinks, from, to);
            assertEquals(
                    List.of(),
                    wrong.subList(0, Math.min(20, wrong.size())),
                    wrong.size() + " ids in (" + from + ", " + to + "] recorded off their fields-grouping task");
            LOG.info("ids ({}, {}] routed by the 4-sink plan", from, to);

            // 2. scale the sink down: the new container is left without instances and goes
            long t2 = System.nanoTime();
            LocalCluster.Result down = cluster.egret("update", NAME, "--component-parallelism=sink:2");
            LOG.info("scale down took {} s: {}", secondsSince(t2), down.out().trim());
            assertEquals(0, down.code(), () -> down.err() + down.out() + "\n" + diagnostics(cluster, master));
            PackingPlan p3 = PackingPlan.parseFrom(Files.readAllBytes(planFile));
            assertEquals(Set.of(added), minus(ids(p2), ids(p3)), "the new container is removed: " + p3);
            assertEquals(ids(p1), ids(p3));
            assertEquals(
                    TaskState.TASK_KILLED,
                    master.taskStates().get(addedTask),
                    master.taskStates().toString());
            LocalCluster.waitFor(
                    "the removed container's processes gone",
                    Duration.ofSeconds(30),
                    () -> !master.liveProcesses().contains(addedTask)
                            && processesOfTask(addedTask).isEmpty());

            // 3. more sinks than the agent can hold: the update fails and leaves the topology as it was
            byte[] planBytes = Files.readAllBytes(planFile);
            Set<String> tasksBefore = master.taskStates().keySet();
            long ackedBeforeFail = run.score().acked();
            long t3 = System.nanoTime();
            LocalCluster.Result fail = cluster.egret(
                    "update",
                    NAME,
                    "--component-parallelism=sink:20",
                    "--config-property",
                    "egret.scheduler.update.timeout.ms=" + UPDATE_TIMEOUT_MS);
            LOG.info(
                    "failing update took {} s: {} {}",
                    secondsSince(t3),
                    fail.out().trim(),
                    fail.err().trim());
            assertEquals(1, fail.code(), () -> fail.err() + fail.out());
            assertTrue(
                    fail.err().contains("error:")
                            && fail.err().contains("no offer could hold container")
                            && fail.err().contains("within " + UPDATE_TIMEOUT_MS / 1000 + " s"),
                    fail.err());
            assertArrayEquals(planBytes, Files.readAllBytes(planFile), "the packing plan is unchanged");
            Map<String, TaskState> states = master.taskStates();
            for (Map.Entry<String, TaskState> e : states.entrySet()) {
                if (!tasksBefore.contains(e.getKey())) {
                    assertTrue(
                            e.getValue() != TaskState.TASK_RUNNING
                                    && e.getValue() != TaskState.TASK_STAGING
                                    && e.getValue() != TaskState.TASK_STARTING,
                            "a task of the failed update is left: " + states);
                }
            }
            assertTrue(tasksBefore.containsAll(master.liveProcesses()), master.liveProcesses() + " vs " + tasksBefore);
            // an offer cycle later, the container removed in step 2 was still not relaunched
            assertEquals(
                    List.of(addedTask),
                    states.keySet().stream()
                            .filter(t -> t.startsWith("egret." + NAME + ".c" + added + "."))
                            .toList(),
                    states.toString());
            long ackedAfterFail = run.score().acked();
            assertTrue(
                    ackedAfterFail > ackedBeforeFail || ackedAfterFail == N,
                    "acks stalled during the failed update: " + ackedBeforeFail + " -> " + ackedAfterFail);

            // 4. every id acked once, none missing at the sink
            waitOrExplain(
                    cluster,
                    master,
                    run,
                    "every id acked",
                    Duration.ofSeconds(150),
                    () -> run.score().acked() >= N);
            ReliableRun.Score s = run.score();
            assertEquals(N, s.acked());
            assertEquals(0, s.dups(), "an id acked twice: " + s);
            assertEquals(List.of(), ReliableRun.missing(run.sinkCounts(), N));
            LOG.info("all {} ids acked after {} s: {}", N, secondsSince(t0), s);

            cluster.kill(NAME);
            LocalCluster.waitFor(
                    "every process gone",
                    Duration.ofSeconds(30),
                    () -> cluster.roles(NAME).isEmpty());
            assertTrue(master.liveProcesses().isEmpty(), master.liveProcesses().toString());
            assertTrue(cluster.stateIsEmpty());
        }
    }

    private static Set<Integer> ids(PackingPlan plan) {
        Set<Integer> ids = new TreeSet<>();
        plan.getContainersList().forEach(c -> ids.add(c.getId()));
        return ids;
    }

    private static Set<Integer> minus(Set<Integer> a, Set<Integer> b) {
        Set<Integer> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static long reservedMb(PackingPlan plan) {
        return plan.getContainersList().stream()
                .mapToLong(c -> c.getRequired().getRamMb())
                .sum();
    }

    /** Pids of processes started in a task's sandbox (the executor and what it runs), by their command lines. */
    private static List<Long> processesOfTask(String taskId) {
        String marker = "/executors/" + taskId + "/";
        List<Long> pids = new ArrayList<>();
        ProcessHandle.allProcesses()
                .forEach(p -> ProcessArguments.of(p).ifPresent(args -> {
                    for (String a : args) {
                        if (a.contains(marker)) {
                            pids.add(p.pid());
                            return;
                        }
                    }
                }));
        return pids;
    }

    /** The scheduler's log lines about updates and launches, to see where an update's time goes. */
    private static String schedulerUpdateLines(LocalCluster cluster) {
        Path log = cluster.workingDir.resolve(NAME).resolve("scheduler.log");
        try {
            return String.join(
                    "\n",
                    Files.readAllLines(log).stream()
                            .filter(l -> l.contains("updat")
                                    || l.contains("launching")
                                    || l.contains("is running")
                                    || l.contains("physical plan")
                                    || l.contains("new plan"))
                            .toList());
        } catch (java.io.IOException e) {
            return "(no scheduler log: " + e + ")";
        }
    }

    private static long secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000_000;
    }

    private static void waitOrExplain(
            LocalCluster cluster,
            SimulatedMesosMaster master,
            ReliableRun run,
            String what,
            Duration timeout,
            java.util.function.BooleanSupplier cond)
            throws InterruptedException {
        try {
            LocalCluster.waitFor(what, timeout, cond);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + run.score() + "\n" + diagnostics(cluster, master), e);
        }
    }

    private static String diagnostics(LocalCluster cluster, SimulatedMesosMaster master) {
        return "tasks: " + master.taskStates() + "\n" + cluster.logs(NAME) + "\n"
                + SimulatedMesosRecoveryIT.sandboxLogs(cluster.root.resolve("mesos"));
    }
}
