package org.egret.statemgr.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.TMasterLocation;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topology Master election and what a ZooKeeper blip does to it, against a real server: one
 * holder, standbys that take over when it goes, an expired session and a server restart that
 * the holder and watches survive.
 */
class ZkTMasterFailoverIT {
    private static final String TOPOLOGY = "t";
    private static final String TM_PATH = "/egret/tmasters/" + TOPOLOGY;

    private TestingServer server;
    private final ExecutorService standbys = Executors.newCachedThreadPool();

    @TempDir
    Path zkDir;

    @BeforeEach
    void startServer() throws Exception {
        // ZooKeeper's embedded server writes its config beside the data directory: keep both in ours
        server = new TestingServer(-1, zkDir.resolve("data").toFile(), true);
    }

    @AfterEach
    void stopServer() throws Exception {
        standbys.shutdownNow();
        assertTrue(standbys.awaitTermination(10, TimeUnit.SECONDS), "a standby thread did not stop");
        server.close();
    }

    private CompletableFuture<StateManager.TMasterHold> standby(ZkStateManager sm, int port, Runnable onLost) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return sm.holdTMaster(ZkStateManagerTest.location(TOPOLOGY, port), onLost);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                },
                standbys);
    }

    private int holderPort(ZkStateManager sm) {
        return sm.get(StateKind.TMASTERS, TOPOLOGY, TMasterLocation.parser())
                .map(TMasterLocation::getServerPort)
                .orElse(-1);
    }

    @Test
    void secondTmWaitsAsStandbyAndTakesOverWhenTheFirstGoes() throws Exception {
        ZkStateManager first = ZkFixture.open(server.getConnectString());
        try (ZkStateManager second = ZkFixture.open(server.getConnectString());
                ZkStateManager third = ZkFixture.open(server.getConnectString())) {
            first.holdTMaster(ZkStateManagerTest.location(TOPOLOGY, 1), () -> {});
            CompletableFuture<StateManager.TMasterHold> standby2 = standby(second, 2, () -> {});
            assertThrows(TimeoutException.class, () -> standby2.get(500, TimeUnit.MILLISECONDS));
            assertEquals(1, holderPort(second), "the standby does not touch the entry");

            // The first TM dies (its client closes its session): the standby takes over within seconds.
            long start = System.nanoTime();
            first.close();
            StateManager.TMasterHold hold2 = standby2.get(5, TimeUnit.SECONDS);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(2, holderPort(third));
            assertTrue(tookMs < 3000, "takeover took " + tookMs + " ms");

            // And again: the third was waiting too.
            CompletableFuture<StateManager.TMasterHold> standby3 = standby(third, 3, () -> {});
            assertThrows(TimeoutException.class, () -> standby3.get(300, TimeUnit.MILLISECONDS));
            hold2.close();
            standby3.get(5, TimeUnit.SECONDS).close();
        } finally {
            first.close();
        }
    }

    @Test
    void holderThatLostItsEntryToAnotherTmIsToldToStop() throws Exception {
        try (ZkStateManager first = ZkFixture.open(server.getConnectString());
                CuratorFramework rival = ZkFixture.raw(server.getConnectString())) {
            AtomicBoolean firstLost = new AtomicBoolean();
            first.holdTMaster(ZkStateManagerTest.location(TOPOLOGY, 1), () -> firstLost.set(true));
            // As if the server had expired the first TM's session and a standby had taken the entry
            // before the first reconnected: one atomic step, so the first cannot re-create in between.
            rival.transaction()
                    .forOperations(
                            rival.transactionOp().delete().forPath(TM_PATH),
                            rival.transactionOp()
                                    .create()
                                    .withMode(CreateMode.EPHEMERAL)
                                    .forPath(
                                            TM_PATH,
                                            ZkStateManagerTest.location(TOPOLOGY, 2)
                                                    .toByteArray()));
            ZkFixture.waitFor("the first TM to hear it lost", Duration.ofSeconds(5), firstLost::get);
            assertEquals(2, holderPort(first), "the first must not take the entry back");
        }
    }

    @Test
    void expiredSessionRecreatesTheEntryAndWatchesKeepFiring() throws Exception {
        try (ZkStateManager tm = ZkFixture.open(server.getConnectString());
                ZkStateManager writer = ZkFixture.open(server.getConnectString());
                CuratorFramework raw = ZkFixture.raw(server.getConnectString())) {
            AtomicBoolean lost = new AtomicBoolean();
            tm.holdTMaster(ZkStateManagerTest.location(TOPOLOGY, 1), () -> lost.set(true));
            BlockingQueue<Optional<PhysicalPlan>> plans = new LinkedBlockingQueue<>();
            tm.watch(StateKind.PHYSICAL_PLANS, TOPOLOGY, PhysicalPlan.parser(), plans::add);
            writer.set(
                    StateKind.PHYSICAL_PLANS,
                    TOPOLOGY,
                    PhysicalPlan.newBuilder().setVersion(1).build());
            assertEquals(1, ZkStateManagerTest.next(plans).orElseThrow().getVersion());
            long oldSession = raw.checkExists().forPath(TM_PATH).getEphemeralOwner();

            KillSession.kill(tm.client().getZookeeperClient().getZooKeeper());

            ZkFixture.waitFor("the entry re-created by the new session", Duration.ofSeconds(10), () -> {
                Stat s = stat(raw);
                return s != null && s.getEphemeralOwner() != oldSession && s.getEphemeralOwner() == sessionOf(tm);
            });
            assertEquals(1, holderPort(writer));
            writer.set(
                    StateKind.PHYSICAL_PLANS,
                    TOPOLOGY,
                    PhysicalPlan.newBuilder().setVersion(2).build());
            assertEquals(2, nextPresent(plans).getVersion(), "the watch fires after the expiry");
            assertFalse(lost.get(), "nobody else took the entry");
        }
    }

    @Test
    void zooKeeperRestartMidRunKeepsTheEntryAndTheWatches() throws Exception {
        try (ZkStateManager tm = ZkFixture.open(server.getConnectString());
                ZkStateManager writer = ZkFixture.open(server.getConnectString())) {
            AtomicBoolean lost = new AtomicBoolean();
            tm.holdTMaster(ZkStateManagerTest.location(TOPOLOGY, 1), () -> lost.set(true));
            BlockingQueue<Optional<PhysicalPlan>> plans = new LinkedBlockingQueue<>();
            tm.watch(StateKind.PHYSICAL_PLANS, TOPOLOGY, PhysicalPlan.parser(), plans::add);
            writer.set(
                    StateKind.PHYSICAL_PLANS,
                    TOPOLOGY,
                    PhysicalPlan.newBuilder().setVersion(1).build());
            assertEquals(1, ZkStateManagerTest.next(plans).orElseThrow().getVersion());

            server.restart();

            // Curator retries the write across the reconnect.
            writer.set(
                    StateKind.PHYSICAL_PLANS,
                    TOPOLOGY,
                    PhysicalPlan.newBuilder().setVersion(2).build());
            assertEquals(2, nextPresent(plans).getVersion(), "the watch fires after the restart");
            try (CuratorFramework raw = ZkFixture.raw(server.getConnectString())) {
                ZkFixture.waitFor("the TM entry held by the TM's live session", Duration.ofSeconds(10), () -> {
                    Stat s = stat(raw);
                    return s != null && s.getEphemeralOwner() == sessionOf(tm);
                });
            }
            assertEquals(1, holderPort(writer));
            assertFalse(lost.get(), "a restart is not a takeover");
        }
    }

    /** The next plan reported, skipping a deletion seen while the server was away (none expected). */
    private static PhysicalPlan nextPresent(BlockingQueue<Optional<PhysicalPlan>> plans) throws InterruptedException {
        while (true) {
            Optional<PhysicalPlan> p = ZkStateManagerTest.next(plans);
            if (p.isPresent()) {
                return p.get();
            }
        }
    }

    private static Stat stat(CuratorFramework raw) {
        try {
            return raw.checkExists().forPath(TM_PATH);
        } catch (Exception e) {
            return null;
        }
    }

    private static long sessionOf(ZkStateManager sm) {
        try {
            return sm.client().getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return -1;
        }
    }
}
