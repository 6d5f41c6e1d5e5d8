package org.egret.scheduler.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.egret.config.EgretConfig;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.Resources;
import org.egret.scheduler.ContainerFailurePolicy;
import org.egret.scheduler.SchedulerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ApplicationMaster's side of an update against a fake ResourceManager and NodeManager. */
class YarnSchedulerTest {
    private static final Resource BIN1 = Resource.newInstance(896, 1);
    private static final Resource BIN2 = Resource.newInstance(640, 1);
    private static final EgretConfig CONFIG = EgretConfig.fromMap(Map.of("egret.container0.ram.mb", "384"));

    private final ExecutorService cli = Executors.newSingleThreadExecutor();
    private FakeYarn yarn;
    private YarnScheduler scheduler;
    private Container c1;

    private static ContainerPlan bin(int id, Resource size) {
        return ContainerPlan.newBuilder()
                .setId(id)
                .setRequired(
                        Resources.newBuilder().setRamMb(size.getMemorySize()).setCpu(size.getVirtualCores() - 0.2))
                .build();
    }

    private static PackingPlan plan(ContainerPlan... bins) {
        return PackingPlan.newBuilder().addAllContainers(List.of(bins)).build();
    }

    /** A running topology: container 0 and bin 1 granted and started. */
    @BeforeEach
    void runningTopology() throws Exception {
        yarn = new FakeYarn();
        scheduler = start(yarn, plan(bin(1, BIN1)));
        Container c0 = yarn.grant(0, Resource.newInstance(384, 1));
        c1 = yarn.grant(1, BIN1);
        yarn.started(c0.getId());
        yarn.started(c1.getId());
        assertEquals(2, scheduler.containers().size());
    }

    private static YarnScheduler start(FakeYarn yarn, PackingPlan plan) throws Exception {
        YarnScheduler s = scheduler(yarn, ContainerSizes.of(plan, CONFIG));
        s.register("am", 1, "");
        s.schedule(plan);
        return s;
    }

    @AfterEach
    void stop() {
        cli.shutdownNow();
        scheduler.close();
    }

    private Future<Void> add(Duration timeout, ContainerPlan... bins) {
        return cli.submit(() -> {
            scheduler.addContainers(plan(bins), List.of(bins), timeout);
            return null;
        });
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static SchedulerException failure(Future<Void> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof SchedulerException, e.getCause().toString());
        return (SchedulerException) e.getCause();
    }

    @Test
    void anAddedContainerCountsOnceItsNodeManagerStartedIt() throws Exception {
        Future<Void> f = add(Duration.ofSeconds(10), bin(2, BIN2));
        await("a request for container 2", () -> yarn.outstanding(2) == 1);
        assertEquals(BIN2, yarn.asked.get(yarn.asked.size() - 1).getCapability(), "asked for the new bin's size");
        Container c2 = yarn.grant(2, BIN2);
        await("container 2 launched", () -> yarn.launched.contains(c2.getId()));
        assertFalse(f.isDone(), "granted is not running: the update waits for the NodeManager");
        yarn.started(c2.getId());
        f.get(10, TimeUnit.SECONDS);
        assertEquals(0, yarn.outstanding(2));
        assertEquals(c2.getId(), scheduler.containers().get(2));

        // the new index is part of the plan now: a crash of its container is replaced (after a back-off)
        yarn.completed(c2.getId(), 137);
        await("container 2 asked for again", () -> yarn.outstanding(2) == 1);
    }

    @Test
    void anAddYarnCannotGrantWithdrawsItsRequestAndReleasesALateGrant() throws Exception {
        Future<Void> f = add(Duration.ofMillis(500), bin(2, BIN2));
        SchedulerException e = failure(f);
        assertEquals(
                "YARN granted 0 of 1 new containers (index 2: <memory:640, vCores:1>) within 500 ms; the cluster "
                        + "lacks free resources (the application's headroom is <memory:512, vCores:3>)",
                e.getMessage());
        assertEquals(0, yarn.outstanding(2), "the request is withdrawn");

        // a grant already on its way when the request was withdrawn
        Container late = yarn.grant(2, BIN2);
        assertTrue(yarn.released.contains(late.getId()), "a late grant is released");
        assertFalse(yarn.launched.contains(late.getId()), "and never started");
        assertEquals(List.of(0, 1), List.copyOf(scheduler.containers().keySet()));
    }

    @Test
    void aGrantedContainerThatDoesNotStartInTimeIsStoppedWhenTheAddGivesUp() throws Exception {
        Future<Void> f = add(Duration.ofSeconds(1), bin(2, BIN2), bin(3, BIN2));
        await("requests for containers 2 and 3", () -> yarn.outstanding(2) == 1 && yarn.outstanding(3) == 1);
        Container c2 = yarn.grant(2, BIN2);
        yarn.started(c2.getId());
        SchedulerException e = failure(f);
        assertTrue(
                e.getMessage().startsWith("YARN granted 1 of 2 new containers (index 3: <memory:640, vCores:1>)"),
                e.getMessage());
        assertTrue(yarn.stopped.contains(c2.getId()), "the granted one is stopped");
        assertEquals(0, yarn.outstanding(3));
        assertEquals(List.of(0, 1), List.copyOf(scheduler.containers().keySet()), "and its completion not replaced");
        assertEquals(1, yarn.timesAsked(2));
    }

    @Test
    void aContainerThatCannotStartFailsTheAddAtOnce() throws Exception {
        Future<Void> f = add(Duration.ofMinutes(5), bin(2, BIN2));
        await("a request for container 2", () -> yarn.outstanding(2) == 1);
        Container c2 = yarn.grant(2, BIN2);
        yarn.startFailed(c2.getId(), new java.io.IOException("localization failed"));
        SchedulerException e = failure(f);
        assertTrue(
                e.getMessage().contains("could not start") && e.getMessage().contains("localization failed"),
                e.getMessage());
        assertTrue(yarn.released.contains(c2.getId()));
        await("container 2 forgotten", () -> !scheduler.containers().containsKey(2));
        assertEquals(0, yarn.outstanding(2), "not asked for again");
    }

    @Test
    void aRemovedContainerIsStoppedAndNeverAskedForAgain() throws Exception {
        Future<Void> f = add(Duration.ofSeconds(10), bin(2, BIN2));
        await("a request for container 2", () -> yarn.outstanding(2) == 1);
        Container c2 = yarn.grant(2, BIN2);
        yarn.started(c2.getId());
        f.get(10, TimeUnit.SECONDS);

        scheduler.removeContainers(List.of(1));
        assertTrue(yarn.stopped.contains(c1.getId()));
        assertEquals(List.of(0, 2), List.copyOf(scheduler.containers().keySet()), "returns once YARN completed it");
        assertEquals(1, yarn.timesAsked(1), "never asked for again");
        assertEquals(0, yarn.outstanding(1));
    }

    @Test
    void containerZeroIsNeitherAddedNorRemovedNorAnIndexAddedTwice() throws Exception {
        SchedulerException zero = assertThrows(SchedulerException.class, () -> scheduler.removeContainers(List.of(0)));
        assertTrue(zero.getMessage().contains("never removed"), zero.getMessage());
        SchedulerException twice = failure(add(Duration.ofSeconds(1), bin(1, BIN1)));
        assertTrue(twice.getMessage().contains("container 1 cannot be added"), twice.getMessage());
        assertEquals(1, yarn.timesAsked(1));
        assertEquals(List.of(0, 1), List.copyOf(scheduler.containers().keySet()));
    }

    @Test
    void aBinLargerThanYarnsMaximumIsRefusedWithoutAskingYarn() throws Exception {
        SchedulerException e = failure(add(Duration.ofSeconds(1), bin(2, Resource.newInstance(4096, 1))));
        assertTrue(
                e.getMessage()
                        .startsWith("container 2 of the new packing plan needs 4096 MB and 1 vcores, but this "
                                + "YARN cluster grants at most 2048 MB"),
                e.getMessage());
        assertEquals(0, yarn.timesAsked(2));
    }

    @Test
    void anAddIsAbandonedWhenTheTopologyIsKilled() throws Exception {
        Future<Void> f = add(Duration.ofMinutes(5), bin(2, BIN2));
        await("a request for container 2", () -> yarn.outstanding(2) == 1);
        scheduler.kill();
        assertTrue(failure(f).getMessage().contains("killed"));
        assertEquals(0, yarn.outstanding(2));
    }

    /** A new attempt reads the plan the update wrote: it adopts the added container and releases a removed one. */
    @Test
    void aNewAttemptAfterAnUpdateMapsTheNewPlansIndexes() throws Exception {
        FakeYarn next = new FakeYarn();
        Container kept0 = next.container(0, Resource.newInstance(384, 1));
        Container kept2 = next.container(2, BIN2);
        Container removed1 = next.container(1, BIN1);
        next.previousAttempt.addAll(List.of(kept0, kept2, removed1));
        YarnScheduler attempt2 = start(next, plan(bin(2, BIN2)));
        try {
            Map<Integer, ContainerId> adopted = attempt2.containers();
            assertEquals(Map.of(0, kept0.getId(), 2, kept2.getId()), adopted);
            assertEquals(List.of(removed1.getId()), next.released);
            assertEquals(0, next.asked.size(), "nothing to ask for");
        } finally {
            attempt2.close();
        }
    }

    /** A scheduler whose failure policy is small and fast, recording what it reports. */
    private YarnScheduler healing(FakeYarn y, List<String> reported, int maxFailures, int nodeFailures)
            throws Exception {
        scheduler.close();
        PackingPlan plan = plan(bin(1, BIN1));
        YarnScheduler s = new YarnScheduler(
                y,
                ContainerSizes.of(plan, CONFIG),
                FakeYarn::launchOf,
                1,
                2000,
                new ContainerFailurePolicy.Settings(maxFailures, 60_000, 200, 400, nodeFailures, 0.5),
                new ContainerEndings.Reports() {
                    @Override
                    public void containerFailed(int index, String node, String reason) {
                        reported.add("failed " + index + " on " + node + ": " + reason);
                    }

                    @Override
                    public void gaveUp(String why) {
                        reported.add("gave up: " + why);
                    }
                });
        s.register("am", 1, "");
        s.schedule(plan);
        scheduler = s;
        return s;
    }

    @Test
    void aFailedContainerIsAskedForAgainAfterABackOffAndARestartAtOnce() throws Exception {
        FakeYarn y = new FakeYarn();
        List<String> reported = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        YarnScheduler s = healing(y, reported, 100, 100);
        Container a = y.grant(1, BIN1);
        y.started(a.getId());
        long t0 = System.nanoTime();
        y.completed(a.getId(), 1);
        assertEquals(0, y.outstanding(1), "not at once");
        await("container 1 asked for again", () -> y.outstanding(1) == 1);
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(190), "after the 200 ms back-off");
        assertTrue(
                reported.get(0).startsWith("failed 1 on nm: container " + a.getId() + " exited with status 1"),
                reported.toString());

        // an executor that gave a process up (exit 3) recorded it itself; the second failure waits twice as long
        Container b = y.grant(1, BIN1);
        y.started(b.getId());
        long t1 = System.nanoTime();
        y.completed(b.getId(), org.egret.executor.ExecutorMain.EXIT_GAVE_UP);
        await("container 1 asked for a third time", () -> y.outstanding(1) == 1);
        assertTrue(System.nanoTime() - t1 >= TimeUnit.MILLISECONDS.toNanos(390), "after 400 ms");
        assertEquals(1, reported.size(), reported.toString());

        // a restart stops the container on purpose: asked for again at once, no failure
        Container c = y.grant(1, BIN1);
        y.started(c.getId());
        s.restart(1);
        y.completed(c.getId(), 143);
        assertEquals(1, y.outstanding(1));
        assertEquals(1, reported.size(), reported.toString());
    }

    @Test
    void tooManyFailuresInTheWindowGiveTheTopologyUpAndAskForNothingMore() throws Exception {
        FakeYarn y = new FakeYarn();
        List<String> reported = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        healing(y, reported, 2, 100);
        Container c0 = y.grant(0, Resource.newInstance(384, 1));
        Container a = y.grant(1, BIN1);
        y.completed(a.getId(), 1);
        await("container 1 asked for again", () -> y.outstanding(1) == 1);
        Container b = y.grant(1, BIN1);
        y.completed(b.getId(), 1);
        assertTrue(
                reported.get(reported.size() - 1).startsWith("gave up: 2 container failures within 60 s"),
                reported.toString());
        // the decision is taken in the completion itself, so nothing can be asked for later
        y.completed(c0.getId(), 1);
        assertEquals(0, y.outstanding(1), "nothing is asked for once the topology is given up");
        assertEquals(0, y.outstanding(0));
    }

    @Test
    void aNodeWhereContainersKeepFailingIsBlacklistedButNeverTheWholeCluster() throws Exception {
        FakeYarn y = new FakeYarn();
        y.clusterNodes = 4;
        List<String> reported = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        healing(y, reported, 100, 2);
        for (String host : List.of("bad1", "bad1", "bad2", "bad2", "bad3", "bad3")) {
            y.nextNode = org.apache.hadoop.yarn.api.records.NodeId.newInstance(host, 1);
            await("container 1 asked for", () -> y.outstanding(1) == 1);
            Container c = y.grant(1, BIN1);
            y.completed(c.getId(), 1);
        }
        assertEquals(List.of("bad1", "bad2"), List.copyOf(y.blacklisted), "half of 4 nodes at most");
    }

    @Test
    void aNewAttemptOfAGivenUpTopologyAsksForNothing() throws Exception {
        scheduler.close();
        FakeYarn y = new FakeYarn();
        PackingPlan plan = plan(bin(1, BIN1));
        scheduler = scheduler(y, ContainerSizes.of(plan, CONFIG));
        scheduler.register("am", 1, "");
        scheduler.givenUpBefore("10 container failures within 600 s");
        scheduler.schedule(plan);
        assertEquals(0, y.outstanding(0));
        assertEquals(0, y.outstanding(1));
    }

    /** A scheduler with the failure policy's defaults, which reports failures nowhere. */
    private static YarnScheduler scheduler(YarnClients clients, ContainerSizes sizes) {
        return new YarnScheduler(
                clients,
                sizes,
                FakeYarn::launchOf,
                1,
                2000,
                ContainerFailurePolicy.Settings.from(EgretConfig.fromMap(Map.of())),
                ContainerEndings.Reports.NONE);
    }
}
