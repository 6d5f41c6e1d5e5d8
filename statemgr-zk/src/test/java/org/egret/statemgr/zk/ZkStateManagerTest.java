package org.egret.statemgr.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.egret.config.ConfigException;
import org.egret.proto.ContainerFailure;
import org.egret.proto.ExecutionState;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.TMasterLocation;
import org.egret.proto.Topology;
import org.egret.statemgr.ExecutionStates;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ZooKeeper state manager against a real (in-process) ZooKeeper server. */
class ZkStateManagerTest {
    private TestingServer server;

    @TempDir
    Path zkDir;

    @BeforeEach
    void startServer() throws Exception {
        // ZooKeeper's embedded server writes its config beside the data directory: keep both in ours
        server = new TestingServer(-1, zkDir.resolve("data").toFile(), true);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void nodesFollowTheDesignLayoutUnderTheRoot() throws Exception {
        try (ZkStateManager sm = ZkFixture.open(server.getConnectString());
                CuratorFramework raw = ZkFixture.raw(server.getConnectString())) {
            for (String family : List.of(
                    "topologies", "packingplans", "pplans", "executionstate", "tmasters", "schedulers", "locks")) {
                assertNotNull(raw.checkExists().forPath("/egret/" + family), family);
            }
            Topology t = Topology.newBuilder().setName("wc").build();
            sm.set(StateKind.TOPOLOGIES, "wc", t);
            assertEquals(t, Topology.parseFrom(raw.getData().forPath("/egret/topologies/wc")), "protobuf bytes");
            sm.set(
                    StateKind.PHYSICAL_PLANS,
                    "wc",
                    PhysicalPlan.newBuilder().setVersion(3).build());
            assertEquals(
                    3,
                    PhysicalPlan.parseFrom(raw.getData().forPath("/egret/pplans/wc"))
                            .getVersion());
            assertEquals(0, raw.checkExists().forPath("/egret/pplans/wc").getEphemeralOwner(), "plans are persistent");

            try (StateManager.TMasterHold hold = sm.holdTMaster(location("wc", 1), () -> {})) {
                Stat stat = raw.checkExists().forPath("/egret/tmasters/wc");
                assertNotEquals(0, stat.getEphemeralOwner(), "the TM entry is ephemeral");
                assertEquals(
                        1,
                        sm.get(StateKind.TMASTERS, "wc", TMasterLocation.parser())
                                .orElseThrow()
                                .getServerPort());
            }
            assertEquals(null, raw.checkExists().forPath("/egret/tmasters/wc"), "closing the hold removes the entry");
        }
    }

    @Test
    void concurrentUpdatesOfTheExecutionStateLoseNothingAndDoNotRecreateADeletedNode() throws Exception {
        try (ZkStateManager a = ZkFixture.open(server.getConnectString());
                ZkStateManager b = ZkFixture.open(server.getConnectString())) {
            a.set(
                    StateKind.EXECUTION_STATE,
                    "t",
                    ExecutionState.newBuilder().setTopologyName("t").build());
            List<Thread> writers = new java.util.ArrayList<>();
            for (ZkStateManager sm : List.of(a, b)) {
                for (int w = 0; w < 2; w++) {
                    int writer = writers.size();
                    writers.add(new Thread(() -> {
                        for (int i = 0; i < 4; i++) {
                            ExecutionStates.recordContainerFailure(
                                    sm,
                                    "t",
                                    ContainerFailure.newBuilder()
                                            .setContainer(writer)
                                            .setProcess("p" + i)
                                            .setTimeMs(1)
                                            .build());
                        }
                    }));
                }
            }
            writers.forEach(Thread::start);
            for (Thread t : writers) {
                t.join(30000);
            }
            assertEquals(
                    16,
                    a.get(StateKind.EXECUTION_STATE, "t", ExecutionState.parser())
                            .orElseThrow()
                            .getContainerFailuresCount());
            a.deleteAll("t");
            ExecutionStates.markFailed(b, "t", "late");
            assertEquals(Optional.empty(), a.get(StateKind.EXECUTION_STATE, "t", ExecutionState.parser()));
        }
    }

    @Test
    void roundTripListDeleteAndAnotherRoot() throws Exception {
        try (ZkStateManager sm = ZkFixture.open(server.getConnectString(), "egret.statemgr.zk.root", "/a/b");
                CuratorFramework raw = ZkFixture.raw(server.getConnectString())) {
            sm.set(
                    StateKind.TOPOLOGIES,
                    "t1",
                    Topology.newBuilder().setName("t1").build());
            sm.set(
                    StateKind.TOPOLOGIES,
                    "t2",
                    Topology.newBuilder().setName("t2").build());
            sm.set(
                    StateKind.TOPOLOGIES,
                    "t2",
                    Topology.newBuilder().setName("t2-new").build());
            sm.set(
                    StateKind.EXECUTION_STATE,
                    "t1",
                    ExecutionState.newBuilder().setTopologyName("t1").build());
            assertNotNull(raw.checkExists().forPath("/a/b/topologies/t1"));
            assertEquals(List.of("t1", "t2"), sm.list(StateKind.TOPOLOGIES));
            assertEquals(
                    "t2-new",
                    sm.get(StateKind.TOPOLOGIES, "t2", Topology.parser())
                            .orElseThrow()
                            .getName());
            try (StateManager.Lock lock = sm.lock("t1", Duration.ofSeconds(5))) {
                assertNotNull(raw.checkExists().forPath("/a/b/locks/t1"));
            }
            sm.deleteAll("t1");
            assertTrue(sm.get(StateKind.TOPOLOGIES, "t1", Topology.parser()).isEmpty());
            assertTrue(sm.get(StateKind.EXECUTION_STATE, "t1", ExecutionState.parser())
                    .isEmpty());
            assertEquals(null, raw.checkExists().forPath("/a/b/locks/t1"), "kill leaves no lock node");
            assertEquals(List.of("t2"), sm.list(StateKind.TOPOLOGIES));
            sm.delete(StateKind.PHYSICAL_PLANS, "absent");
        }
    }

    @Test
    void lockExcludesASecondHolderUntilReleasedOrItsSessionEnds() throws Exception {
        try (ZkStateManager a = ZkFixture.open(server.getConnectString());
                ZkStateManager b = ZkFixture.open(server.getConnectString())) {
            StateManager.Lock held = a.lock("t", Duration.ofSeconds(5));
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> b.lock("t", Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("locked by another operation"), e.getMessage());
            held.close();
            b.lock("t", Duration.ofSeconds(5)).close();

            ZkStateManager c = ZkFixture.open(server.getConnectString());
            c.lock("t", Duration.ofSeconds(5));
            c.close(); // a holder that dies without releasing: its session ends, so does the lock
            b.lock("t", Duration.ofSeconds(5)).close();
        }
    }

    @Test
    void physicalPlanAndExecutionStateChangesReachWatchers() throws Exception {
        try (ZkStateManager writer = ZkFixture.open(server.getConnectString());
                ZkStateManager reader = ZkFixture.open(server.getConnectString())) {
            BlockingQueue<Optional<PhysicalPlan>> plans = new LinkedBlockingQueue<>();
            BlockingQueue<Optional<ExecutionState>> states = new LinkedBlockingQueue<>();
            writer.set(
                    StateKind.EXECUTION_STATE,
                    "t",
                    ExecutionState.newBuilder().setTopologyName("t").build());
            try (StateManager.Watch w1 =
                            reader.watch(StateKind.PHYSICAL_PLANS, "t", PhysicalPlan.parser(), plans::add);
                    StateManager.Watch w2 =
                            reader.watch(StateKind.EXECUTION_STATE, "t", ExecutionState.parser(), states::add)) {
                assertEquals("t", next(states).orElseThrow().getTopologyName(), "the value present when armed");
                writer.set(
                        StateKind.PHYSICAL_PLANS,
                        "t",
                        PhysicalPlan.newBuilder().setVersion(1).build());
                assertEquals(1, next(plans).orElseThrow().getVersion());
                writer.set(
                        StateKind.PHYSICAL_PLANS,
                        "t",
                        PhysicalPlan.newBuilder().setVersion(2).build());
                assertEquals(2, next(plans).orElseThrow().getVersion());
                writer.set(
                        StateKind.EXECUTION_STATE,
                        "t",
                        ExecutionState.newBuilder()
                                .setTopologyName("t")
                                .setUser("x")
                                .build());
                assertEquals("x", next(states).orElseThrow().getUser());
                writer.delete(StateKind.PHYSICAL_PLANS, "t");
                assertEquals(Optional.empty(), next(plans));
            }
        }
    }

    @Test
    void unreachableEnsembleFailsClearlyWithinTheConnectionTimeout() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> ZkFixture.open("127.0.0.1:" + deadPort, "egret.statemgr.zk.connection.timeout.ms", "1000"));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(e.getMessage().contains("cannot reach ZooKeeper at 127.0.0.1:" + deadPort), e.getMessage());
        assertTrue(tookMs < 2500, "failed after " + tookMs + " ms, connection timeout 1000 ms");
    }

    @Test
    void missingTreeWithoutCreateAndBadRootAreClearErrors() throws Exception {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> ZkFixture.open(server.getConnectString(), "egret.statemgr.zk.create.tree", "false"));
        assertTrue(
                e.getMessage().contains("/egret/topologies") && e.getMessage().contains("create.tree"), e.getMessage());
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> ZkFixture.open(server.getConnectString(), "egret.statemgr.zk.root", "egret"));
        assertTrue(bad.getMessage().contains("egret.statemgr.zk.root"), bad.getMessage());
        assertThrows(
                ConfigException.class,
                () -> ZkFixture.open(server.getConnectString(), "egret.statemgr.zk.session.timeout.ms", "soon"));
        try (CuratorFramework raw = ZkFixture.raw(server.getConnectString())) {
            assertEquals(null, raw.checkExists().forPath("/egret"), "a failed open writes nothing");
        }
    }

    static <T> T next(BlockingQueue<T> q) throws InterruptedException {
        T v = q.poll(10, TimeUnit.SECONDS);
        assertNotNull(v, "no watch event within 10 s");
        return v;
    }

    static TMasterLocation location(String topology, int port) {
        return TMasterLocation.newBuilder()
                .setTopologyName(topology)
                .setHost("127.0.0.1")
                .setServerPort(port)
                .setControllerPort(port)
                .setPid(4242)
                .build();
    }
}
