package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.egret.examples.verify.ReliableTopology;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.runtime.ProcessArguments;
import org.junit.jupiter.api.Test;

/**
 * {@code egret update} on the local cluster during an at-least-once run: the fields-grouped sink is
 * scaled up (a new container) and down (the container goes); an update the cluster cannot hold is
 * refused, and one whose Topology Master hangs is rolled back. Every id is acked exactly once and
 * reaches the sink; after each update every key lands on the one task Storm's fields grouping picks
 * among the new sink tasks.
 */
class UpdateIT {
    /** Ids emitted this long after an update returned still took the old routes at most. */
    private static final long MARGIN_IDS = 2000;
    /** Ids the scale-down's routing check must cover at least. */
    private static final long MIN_IDS_AFTER_DOWN = 3000;

    @Test
    void scalesTheFieldsGroupedSinkUpAndDownWithoutLosingAnId() throws Exception {
        int n = 24_000;
        String name = "upd";
        try (LocalCluster cluster = new LocalCluster()) {
            Path out = cluster.root.resolve("ids");
            cluster.submitOk(ReliableTopology.class.getName(), name, out.toString(), Integer.toString(n), "on", "600");
            ReliableRun run = new ReliableRun(out);
            LocalCluster.waitFor(
                    "acks moving", Duration.ofSeconds(90), () -> run.score().acked() > 1500);
            Path planFile = cluster.stateRoot.resolve("packingplans/" + name);
            PackingPlan plan0 = PackingPlan.parseFrom(Files.readAllBytes(planFile));

            // dry run: the plan is printed, nothing moves
            LocalCluster.Result dry = cluster.egret("update", name, "--component-parallelism=sink:4", "--dry-run");
            assertEquals(0, dry.code(), dry.err());
            assertTrue(dry.out().contains("+sink:") && dry.out().contains("\"nextTaskId\""), dry.out());
            LocalCluster.Result dryContainers = cluster.egret("update", name, "--container-number=3", "--dry-run");
            assertEquals(0, dryContainers.code(), dryContainers.err());
            assertTrue(dryContainers.out().contains("containers 2 -> 3 (+3)"), dryContainers.out());
            LocalCluster.Result same = cluster.egret("update", name, "--component-parallelism=sink:2");
            assertEquals(1, same.code());
            assertTrue(same.err().contains("the update changes nothing: sink has 2 instances"), same.err());
            assertArrayEquals(plan0.toByteArray(), Files.readAllBytes(planFile));

            // up: two more sink instances, which need a new container
            long t0 = System.nanoTime();
            LocalCluster.Result up = cluster.egret("update", name, "--component-parallelism=sink:4");
            long upMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, up.code(), up.err() + up.out() + cluster.logs(name));
            long afterUp = run.scoreWrittenAfter(Instant.now()).emitted() + MARGIN_IDS;
            PackingPlan plan1 = PackingPlan.parseFrom(Files.readAllBytes(planFile));
            List<Integer> sinks1 = UpdateChecks.tasksOf(plan1, "sink");
            assertEquals(4, sinks1.size());
            assertTrue(plan1.getContainersCount() > plan0.getContainersCount(), plan1.toString());
            for (ContainerPlan c : plan0.getContainersList()) {
                for (InstancePlan i : c.getInstancesList()) {
                    assertEquals(
                            c.getId(),
                            UpdateChecks.containerOf(plan1, i.getTaskId()),
                            "task " + i.getTaskId() + " moved");
                }
            }
            int added = plan1.getContainers(plan1.getContainersCount() - 1).getId();
            assertEquals(Set.of(), missingInstances(cluster, name, plan1));
            List<Integer> newSinks = new ArrayList<>(sinks1);
            newSinks.removeAll(UpdateChecks.tasksOf(plan0, "sink"));
            LocalCluster.waitFor("the new sink tasks receive ids", Duration.ofSeconds(60), () -> {
                Map<Integer, Set<Long>> byTask = UpdateChecks.idsBySinkTask(out);
                return newSinks.stream()
                        .allMatch(t -> byTask.containsKey(t) && byTask.get(t).size() > 100);
            });

            // down: back to one sink; the added container goes
            LocalCluster.waitFor(
                    "ids past the first update",
                    Duration.ofSeconds(60),
                    () -> run.score().acked() > afterUp + 1500);
            long beforeDown = run.score().emitted();
            long t1 = System.nanoTime();
            LocalCluster.Result down = cluster.egret("update", name, "--component-parallelism=sink:1");
            long downMs = (System.nanoTime() - t1) / 1_000_000;
            assertEquals(0, down.code(), down.err() + down.out() + cluster.logs(name));
            long afterDown = run.scoreWrittenAfter(Instant.now()).emitted() + MARGIN_IDS;
            // the routing check after the scale-down needs ids emitted after it
            assertTrue(
                    n - afterDown >= MIN_IDS_AFTER_DOWN,
                    "only " + (n - afterDown) + " of " + n + " ids left to emit after the scale-down");
            PackingPlan plan2 = PackingPlan.parseFrom(Files.readAllBytes(planFile));
            List<Integer> sinks2 = UpdateChecks.tasksOf(plan2, "sink");
            assertEquals(List.of(sinks1.get(0)), sinks2, "the lowest index stays");
            assertEquals(-1, UpdateChecks.containerOf(plan2, newSinks.get(0)));
            assertFalse(plan2.getContainersList().stream().anyMatch(c -> c.getId() == added), plan2.toString());
            LocalCluster.waitFor(
                    "removed instances and container gone",
                    Duration.ofSeconds(30),
                    () -> removedStillRunning(cluster, name, sinks1, sinks2).isEmpty()
                            && cluster.pids(name, "executor").size() == plan2.getContainersCount() + 1);
            assertFalse(Files.exists(cluster.containerDir(name, added)));
            assertEquals(Set.of(), missingInstances(cluster, name, plan2));

            // more than this host can hold: refused, nothing moves
            LocalCluster.Result tooBig = cluster.egret("update", name, "--component-parallelism=sink:400");
            assertEquals(1, tooBig.code(), tooBig.out());
            assertTrue(tooBig.err().contains("local cluster has"), tooBig.err());
            assertArrayEquals(plan2.toByteArray(), Files.readAllBytes(planFile));

            LocalCluster.waitFor(
                    "every id acked", Duration.ofSeconds(180), () -> run.score().acked() >= n);
            ReliableRun.Score s = run.score();
            assertEquals(n, s.acked(), s.toString());
            assertEquals(0, s.dups(), "an id acked twice: " + s);
            assertEquals(List.of(), ReliableRun.missing(run.sinkCounts(), n));

            // each key on one task: ids first emitted between the updates went by the 4 sinks, later ones to the
            // one; an id lost in the scale-down (e.g. unacked at a sink task it stopped) is replayed on the new routes
            Map<Integer, Set<Long>> byTask = UpdateChecks.idsBySinkTask(out);
            Set<Long> replayed = run.replayed();
            assertEquals(List.of(), UpdateChecks.misrouted(byTask, sinks1, afterUp, beforeDown, replayed, sinks2));
            assertEquals(List.of(), UpdateChecks.misrouted(byTask, sinks2, afterDown, n));
            System.out.printf(
                    "[update] sink 2->4 (+1 container) in %d ms, 4->1 (-1 container) in %d ms; ids checked on 4 sinks"
                            + " (%d, %d], on 1 sink (%d, %d]; %s; %d ids emitted between the updates replayed on the"
                            + " 1-sink routes%n",
                    upMs,
                    downMs,
                    afterUp,
                    beforeDown,
                    afterDown,
                    n,
                    s,
                    UpdateChecks.misrouted(byTask, sinks1, afterUp, beforeDown).size());

            cluster.kill(name);
            LocalCluster.waitFor(
                    "every process gone",
                    Duration.ofSeconds(30),
                    () -> cluster.roles(name).isEmpty());
            assertTrue(cluster.stateIsEmpty());
        }
    }

    @Test
    void anUpdateWhoseTopologyMasterHangsIsRolledBack() throws Exception {
        int n = 8_000;
        String name = "updrb";
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.withConfigProperty("egret.scheduler.update.timeout.ms", "3000");
            Path out = cluster.root.resolve("ids");
            cluster.submitOk(ReliableTopology.class.getName(), name, out.toString(), Integer.toString(n), "on", "400");
            ReliableRun run = new ReliableRun(out);
            LocalCluster.waitFor(
                    "acks moving", Duration.ofSeconds(90), () -> run.score().acked() > 500);
            Path planFile = cluster.stateRoot.resolve("packingplans/" + name);
            byte[] before = Files.readAllBytes(planFile);
            int executors = cluster.pids(name, "executor").size();

            // a hung TM (its executor, container 0's) never publishes the new plan; the scheduler gives up
            // and restores the old one
            long tm = cluster.topologyMasterPids(name).iterator().next();
            signal("STOP", tm);
            LocalCluster.Result r;
            try {
                r = cluster.egret("update", name, "--component-parallelism=sink:4");
            } finally {
                signal("CONT", tm);
            }
            assertEquals(1, r.code(), r.out());
            assertTrue(r.err().contains("did not publish") && r.err().contains("rolled back"), r.err());
            assertArrayEquals(before, Files.readAllBytes(planFile));
            LocalCluster.waitFor(
                    "the added container stopped",
                    Duration.ofSeconds(30),
                    () -> cluster.pids(name, "executor").size() == executors);
            assertFalse(Files.exists(cluster.containerDir(name, executors)), "container " + executors + " left behind");
            PackingPlan plan = PackingPlan.parseFrom(before);
            LocalCluster.waitFor(
                    "the old instances running",
                    Duration.ofSeconds(30),
                    () -> missingInstances(cluster, name, plan).isEmpty());

            long acked = run.score().acked();
            LocalCluster.waitFor(
                    "acks moving again",
                    Duration.ofSeconds(60),
                    () -> run.score().acked() > acked + 500);
            LocalCluster.waitFor(
                    "every id acked", Duration.ofSeconds(120), () -> run.score().acked() >= n);
            ReliableRun.Score s = run.score();
            assertEquals(n, s.acked(), s.toString());
            assertEquals(0, s.dups(), s.toString());
            assertEquals(List.of(), ReliableRun.missing(run.sinkCounts(), n));
            cluster.kill(name);
            LocalCluster.waitFor(
                    "every process gone",
                    Duration.ofSeconds(30),
                    () -> cluster.roles(name).isEmpty());
        }
    }

    private static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid))
                .inheritIO()
                .start();
        assertEquals(0, p.waitFor());
    }

    /** Task ids of the plan without a live instance process. */
    private static Set<Integer> missingInstances(LocalCluster cluster, String name, PackingPlan plan) {
        Set<Integer> running = instanceTasks(cluster, name);
        Set<Integer> missing = new TreeSet<>();
        plan.getContainersList()
                .forEach(c -> c.getInstancesList().forEach(i -> {
                    if (!running.contains(i.getTaskId())) {
                        missing.add(i.getTaskId());
                    }
                }));
        return missing;
    }

    private static Set<Integer> removedStillRunning(
            LocalCluster cluster, String name, List<Integer> before, List<Integer> after) {
        Set<Integer> running = instanceTasks(cluster, name);
        Set<Integer> out = new TreeSet<>();
        for (int t : before) {
            if (!after.contains(t) && running.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Task ids of the topology's live instance processes (from their {@code --task-id}). */
    private static Set<Integer> instanceTasks(LocalCluster cluster, String name) {
        Set<Integer> tasks = new TreeSet<>();
        for (long pid : cluster.pids(name, "instance")) {
            ProcessHandle.of(pid).flatMap(ProcessArguments::of).ifPresent(a -> {
                int i = a.indexOf("--task-id");
                if (i >= 0 && i + 1 < a.size()) {
                    tasks.add(Integer.parseInt(a.get(i + 1)));
                }
            });
        }
        return tasks;
    }
}
