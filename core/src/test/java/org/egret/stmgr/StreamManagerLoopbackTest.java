package org.egret.stmgr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.egret.net.NetClient;
import org.egret.net.NetServer;
import org.egret.net.TestWires;
import org.egret.net.frame.TaskBatchFrame;
import org.egret.net.frame.TaskBatchWriter;
import org.egret.proto.BackPressureNotice;
import org.egret.proto.ComponentKind;
import org.egret.proto.DataTuple;
import org.egret.proto.HelloStMgr;
import org.egret.proto.InputStream;
import org.egret.proto.InstanceLocation;
import org.egret.proto.NewPhysicalPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.PlanComponent;
import org.egret.proto.PlanTopology;
import org.egret.proto.RegisterInstanceRequest;
import org.egret.proto.RegisterInstanceResponse;
import org.egret.proto.StMgrLocation;
import org.egret.proto.TaskBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two stream managers and fake instances on loopback: registration, plan hand-out and routing of
 * whole task batches (local, to the other manager, held, dropped).
 */
class StreamManagerLoopbackTest {
    private static final StMgrSettings SETTINGS =
            new StMgrSettings(1024, 100, 2, 2000, 5000, 500, 1 << 20, 1 << 18, 1 << 22, 1000, 30_000);

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final NioEventLoopGroup clients = new NioEventLoopGroup(1);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A batch as an instance received it: the frame's header and its parsed body. */
    private record Delivered(int destTask, int count, byte[] body, TaskBatch batch) {
        List<String> values() {
            return batch.getTuplesList().stream()
                    .map(t -> t.getValues().toStringUtf8())
                    .toList();
        }
    }

    /**
     * A stand-in for an instance JVM: sends what it is told, queues what it receives. Like an instance,
     * once admitted it opens its task connection, on which the stream manager sends it tuples; what
     * arrives there joins the same queue.
     */
    private final class FakeInstance {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final Channel channel;

        FakeInstance(NetServer sm, int task) throws InterruptedException {
            this(sm, task, false, true);
        }

        /**
         * @param taskConnection this is the instance's task connection rather than its main one
         * @param openTaskConnection (main connections) open the task connection once admitted
         */
        FakeInstance(NetServer sm, int task, boolean taskConnection, boolean openTaskConnection)
                throws InterruptedException {
            channel = NetClient.connectSync(
                    clients,
                    null,
                    "127.0.0.1",
                    sm.port(),
                    TestWires.wire("instance-" + task),
                    new SimpleChannelInboundHandler<Object>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws Exception {
                            take(msg);
                            if (openTaskConnection
                                    && msg instanceof RegisterInstanceResponse r
                                    && r.getStatus().getOk()) {
                                openTaskConnection(sm, task);
                            }
                        }
                    });
            closeables.add(() -> channel.close().syncUninterruptibly());
            channel.writeAndFlush(RegisterInstanceRequest.newBuilder()
                    .setTaskId(task)
                    .setComponent("c")
                    .setPid(1)
                    .setTaskConnection(taskConnection)
                    .build());
        }

        private void openTaskConnection(NetServer sm, int task) {
            NetClient.connect(
                            clients,
                            null,
                            "127.0.0.1",
                            sm.port(),
                            TestWires.wire("instance-" + task),
                            new SimpleChannelInboundHandler<Object>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws Exception {
                                    if (!(msg instanceof RegisterInstanceResponse r
                                            && r.getStatus().getOk())) {
                                        take(msg);
                                    }
                                }
                            })
                    .addListener((io.netty.channel.ChannelFuture f) -> {
                        if (f.isSuccess()) {
                            closeables.add(() -> f.channel().close().syncUninterruptibly());
                            f.channel()
                                    .writeAndFlush(RegisterInstanceRequest.newBuilder()
                                            .setTaskId(task)
                                            .setComponent("c")
                                            .setPid(1)
                                            .setTaskConnection(true)
                                            .build());
                        } else {
                            received.add(f.cause());
                        }
                    });
        }

        private void take(Object msg) throws Exception {
            if (msg instanceof TaskBatchFrame f) {
                try {
                    byte[] body = f.bodyBytes();
                    received.add(new Delivered(f.destTask(), f.count(), body, TaskBatch.parseFrom(body)));
                } finally {
                    f.release();
                }
            } else {
                received.add(msg);
            }
        }

        <T> T next(Class<T> type) throws InterruptedException {
            Object m = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "nothing received within the deadline");
            return type.cast(m);
        }

        Delivered nextBatch(int task) throws InterruptedException {
            Delivered d = next(Delivered.class);
            assertEquals(task, d.destTask());
            assertEquals(task, d.batch().getDestTask());
            assertEquals(d.batch().getTuplesCount(), d.count());
            return d;
        }
    }

    private NetServer serve(StreamManager sm) throws InterruptedException {
        NetServer server = NetServer.bind(
                group,
                java.net.InetAddress.getLoopbackAddress(),
                0,
                TestWires.wire("stmgr"),
                () -> new StMgrServerHandler(sm));
        closeables.add(server);
        return server;
    }

    private void onLoop(Runnable r) throws Exception {
        group.next().submit(r).get(10, TimeUnit.SECONDS);
    }

    private <T> T onLoop(Callable<T> c) throws Exception {
        return group.next().submit(c).get(10, TimeUnit.SECONDS);
    }

    private static PhysicalPlan plan(long version, NetServer one, NetServer two) {
        PhysicalPlan.Builder b = PhysicalPlan.newBuilder()
                .setVersion(version)
                .addStmgrs(StMgrLocation.newBuilder()
                        .setId("stmgr-1")
                        .setContainer(1)
                        .setHost("127.0.0.1")
                        .setDataPort(one.port()))
                .addStmgrs(StMgrLocation.newBuilder()
                        .setId("stmgr-2")
                        .setContainer(2)
                        .setHost("127.0.0.1")
                        .setDataPort(two.port()));
        for (int task : new int[] {1, 2}) {
            b.addInstances(InstanceLocation.newBuilder()
                    .setComponent("c")
                    .setTaskId(task)
                    .setStmgrId("stmgr-1"));
        }
        b.addInstances(
                InstanceLocation.newBuilder().setComponent("c").setTaskId(3).setStmgrId("stmgr-2"));
        return b.build();
    }

    private static DataTuple tuple(String value) {
        return DataTuple.newBuilder()
                .setSourceTask(1)
                .setStream("default")
                .setValues(ByteString.copyFromUtf8(value))
                .build();
    }

    /** A batch as protobuf's generated code writes it. */
    private static TaskBatch batch(int dest, String... values) {
        TaskBatch.Builder b = TaskBatch.newBuilder().setDestTask(dest).setCount(values.length);
        for (String v : values) {
            b.addTuples(tuple(v));
        }
        return b.build();
    }

    /** A batch as an instance's TaskBatchWriter writes it: a whole TASK_BATCH frame. */
    private static ByteBuf written(int dest, String... values) {
        TaskBatchWriter w = new TaskBatchWriter(dest);
        for (String v : values) {
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            w.add(1, "default".getBytes(StandardCharsets.UTF_8), bytes, bytes.length, null);
        }
        return w.take();
    }

    private static TaskBatchFrame frame(int dest, String... values) throws Exception {
        return TaskBatchFrame.of(written(dest, values));
    }

    // stmgr-1 (tasks 1, 2) and stmgr-2 (task 3), for the tests that call startPair()
    private StreamManager sm1;
    private StreamManager sm2;
    private NetServer s1;
    private NetServer s2;

    private void startPair() throws InterruptedException {
        sm1 = new StreamManager("stmgr-1", Set.of(1, 2), SETTINGS, group, null, TestWires.wire("stmgr-1"));
        sm2 = new StreamManager("stmgr-2", Set.of(3), SETTINGS, group, null, TestWires.wire("stmgr-2"));
        closeables.add(() -> onLoop(() -> {
            sm1.close();
            sm2.close();
        }));
        s1 = serve(sm1);
        s2 = serve(sm2);
    }

    @Test
    void routesLocallyAndAcrossStreamManagers() throws Exception {
        startPair();

        // Registered before any plan exists: the reply waits for the plan.
        FakeInstance task1 = new FakeInstance(s1, 1);
        FakeInstance task3 = new FakeInstance(s2, 3);
        assertNull(task1.received.poll(100, TimeUnit.MILLISECONDS));

        PhysicalPlan plan = plan(1, s1, s2);
        onLoop(() -> {
            sm1.onPlan(plan);
            sm2.onPlan(plan);
        });
        RegisterInstanceResponse r1 = task1.next(RegisterInstanceResponse.class);
        assertTrue(r1.getStatus().getOk());
        assertEquals(plan, r1.getPplan());
        assertTrue(task3.next(RegisterInstanceResponse.class).getStatus().getOk());

        // In this order on one connection: a batch for a task no plan has (dropped), one for task 2
        // (local but not connected yet: held), one for task 3 (behind the other stream manager).
        task1.channel.writeAndFlush(batch(9, "lost"));
        TaskBatch toTask2 = batch(2, "v1");
        task1.channel.writeAndFlush(toTask2);
        ByteBuf toTask3 = written(3, "v1", "v2");
        byte[] toTask3Body = TaskBatchFrame.bodyBytes(toTask3);
        task1.channel.writeAndFlush(toTask3);

        Delivered at3 = task3.nextBatch(3);
        assertEquals(List.of("v1", "v2"), at3.values());
        assertEquals(2, at3.count());
        assertArrayEquals(toTask3Body, at3.body(), "forwarded through both managers byte for byte");

        // task 3's batch was the last one task 1 sent: the others have been routed by now
        assertEquals(
                List.of(4L, 3L, 2L, 1L, 1L, 0L),
                onLoop(() -> List.of(
                        sm1.counters().tuplesFromInstances,
                        sm1.counters().batchesIn,
                        sm1.counters().tuplesToPeers,
                        sm1.counters().tuplesToInstances,
                        sm1.counters().tuplesDropped,
                        sm1.counters().tuplesFromPeers)));
        assertEquals(
                List.of(2L, 2L, 0L),
                onLoop(() -> List.of(
                        sm2.counters().tuplesFromPeers,
                        sm2.counters().tuplesToInstances,
                        sm2.counters().tuplesDropped)));

        FakeInstance task2 = new FakeInstance(s1, 2);
        assertTrue(task2.next(RegisterInstanceResponse.class).getStatus().getOk());
        Delivered held = task2.nextBatch(2);
        assertEquals(List.of("v1"), held.values());
        assertArrayEquals(toTask2.toByteArray(), held.body());

        // Task 2 is connected now: batches for it go straight through, in order.
        task1.channel.writeAndFlush(written(2, "a"));
        task1.channel.writeAndFlush(batch(2, "b", "c"));
        assertEquals(List.of("a"), task2.nextBatch(2).values());
        assertEquals(List.of("b", "c"), task2.nextBatch(2).values());

        // A newer plan reaches every registered instance; an older one is ignored.
        PhysicalPlan v2 = plan.toBuilder().setVersion(2).build();
        onLoop(() -> {
            sm1.onPlan(v2);
            sm1.onPlan(plan);
        });
        assertEquals(2, task1.next(NewPhysicalPlan.class).getPplan().getVersion());
        assertEquals(2, task2.next(NewPhysicalPlan.class).getPplan().getVersion());
        assertEquals(2, onLoop(() -> sm1.plan().getVersion()));
        assertNull(task1.received.poll(100, TimeUnit.MILLISECONDS));

        // Routing follows the newest plan: in version 3 task 3 is unknown, so its batches are dropped.
        PhysicalPlan v3 = v2.toBuilder().setVersion(3).removeInstances(2).build();
        onLoop(() -> sm1.onPlan(v3));
        assertEquals(3, task1.next(NewPhysicalPlan.class).getPplan().getVersion());
        long dropped = onLoop(() -> sm1.counters().tuplesDropped);
        TaskBatchFrame forOldTask3 = frame(3, "x", "y");
        onLoop(() -> sm1.onInstanceBatch(forOldTask3));
        assertEquals(0, forOldTask3.frame().refCnt(), "a dropped batch is released");
        assertEquals(dropped + 2, onLoop(() -> sm1.counters().tuplesDropped));
    }

    @Test
    void aBatchFromAPeerIsForALocalTaskAndIsNeverForwardedAgain() throws Exception {
        startPair();
        PhysicalPlan plan = plan(1, s1, s2);
        onLoop(() -> {
            sm1.onPlan(plan);
            sm2.onPlan(plan);
        });
        FakeInstance task3 = new FakeInstance(s2, 3);
        assertTrue(task3.next(RegisterInstanceResponse.class).getStatus().getOk());

        // A peer (say, one with another plan) sends stmgr-2 batches for task 1, which the plan puts on
        // stmgr-1, for task 9, which it does not have, and for task 3.
        Channel peer = NetClient.connectSync(
                clients,
                null,
                "127.0.0.1",
                s2.port(),
                TestWires.wire("stmgr-1"),
                new SimpleChannelInboundHandler<Object>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {}
                });
        closeables.add(() -> peer.close().syncUninterruptibly());
        peer.write(HelloStMgr.newBuilder().setStmgrId("stmgr-1").build());
        peer.write(written(1, "not here", "nor here"));
        peer.write(batch(9, "nowhere"));
        peer.writeAndFlush(written(3, "here"));

        assertEquals(List.of("here"), task3.nextBatch(3).values());
        assertEquals(
                List.of(4L, 1L, 3L, 0L),
                onLoop(() -> List.of(
                        sm2.counters().tuplesFromPeers,
                        sm2.counters().tuplesToInstances,
                        sm2.counters().tuplesDropped,
                        sm2.counters().tuplesToPeers)));
        assertEquals(0L, onLoop(() -> sm1.counters().tuplesFromPeers));

        // The same batch from a local instance is sent on to stmgr-1 (where no instance of task 1 is
        // connected yet, so it waits there).
        task3.channel.writeAndFlush(written(1, "via stmgr-1"));
        FakeInstance task1 = new FakeInstance(s1, 1);
        assertTrue(task1.next(RegisterInstanceResponse.class).getStatus().getOk());
        assertEquals(List.of("via stmgr-1"), task1.nextBatch(1).values());
        assertEquals(1L, onLoop(() -> sm2.counters().tuplesToPeers));
    }

    @Test
    void batchesWaitForThePlanAndAreReleasedWhenTheirTaskGoes() throws Exception {
        StreamManager sm =
                new StreamManager("stmgr-1", Set.of(1, 2, 4), SETTINGS, group, null, TestWires.wire("stmgr-1"));
        NetServer s = serve(sm);
        closeables.add(() -> onLoop(sm::close));

        // Before any plan: a peer's batches for this container's tasks are held, others dropped; an
        // instance cannot have sent anything yet, and what it sends is dropped.
        TaskBatchFrame forTask2 = frame(2, "early");
        TaskBatchFrame forTask4 = frame(4, "a", "b");
        TaskBatchFrame forTask1 = frame(1, "c");
        TaskBatchFrame notOurs = frame(5, "d");
        TaskBatchFrame fromInstance = frame(2, "e");
        onLoop(() -> {
            sm.onPeerBatch(forTask2);
            sm.onPeerBatch(forTask4);
            sm.onPeerBatch(forTask1);
            sm.onPeerBatch(notOurs);
            sm.onInstanceBatch(fromInstance);
        });
        assertEquals(0, notOurs.frame().refCnt());
        assertEquals(0, fromInstance.frame().refCnt());
        assertEquals(1, forTask2.frame().refCnt(), "held");
        assertEquals(
                List.of(4L, 2L, 1L, 5L),
                onLoop(() -> List.of(
                        sm.counters().tuplesToInstances,
                        sm.counters().tuplesDropped,
                        sm.counters().tuplesFromInstances,
                        sm.counters().tuplesFromPeers)));

        onLoop(() -> sm.onPlan(TestPlans.plan(1, new int[] {1, 2, 4})));
        FakeInstance task2 = new FakeInstance(s, 2);
        assertTrue(task2.next(RegisterInstanceResponse.class).getStatus().getOk());
        assertEquals(List.of("early"), task2.nextBatch(2).values());

        // Task 4 leaves the container before its instance connected: what waited for it is released.
        onLoop(() -> sm.onContainerTasks(Set.of(1, 2)));
        assertEquals(0, forTask4.frame().refCnt());
        // and a batch that still comes for it is dropped
        TaskBatchFrame late = frame(4, "f");
        onLoop(() -> sm.onPeerBatch(late));
        assertEquals(0, late.frame().refCnt());

        // Closing the stream manager releases what still waits (task 1 never connected).
        assertEquals(1, forTask1.frame().refCnt());
        onLoop(sm::close);
        assertEquals(0, forTask1.frame().refCnt());
    }

    @Test
    void anInstanceWhoseTaskLeftTheContainerGetsItsTuplesUntilItDisconnects() throws Exception {
        StreamManager sm = new StreamManager("stmgr-1", Set.of(1, 2), SETTINGS, group, null, TestWires.wire("stmgr-1"));
        NetServer s = serve(sm);
        closeables.add(() -> onLoop(sm::close));
        onLoop(() -> sm.onPlan(TestPlans.plan(1, new int[] {1, 2})));
        FakeInstance task2 = new FakeInstance(s, 2);
        assertTrue(task2.next(RegisterInstanceResponse.class).getStatus().getOk());
        TaskBatchFrame first = frame(2, "first");
        onLoop(() -> {
            sm.onPeerBatch(first);
            sm.flushAll();
        });
        assertEquals(List.of("first"), task2.nextBatch(2).values());

        // An update takes task 2 away: other tasks still route to it until the physical plan without it
        // is published, and its executor stops it only then; meanwhile it gets what comes for it.
        onLoop(() -> sm.onContainerTasks(Set.of(1)));
        TaskBatchFrame beforePlan = frame(2, "before the plan");
        onLoop(() -> {
            sm.onPeerBatch(beforePlan);
            sm.flushAll();
        });
        assertEquals(List.of("before the plan"), task2.nextBatch(2).values());
        onLoop(() -> sm.onPlan(TestPlans.plan(2, new int[] {1})));
        task2.next(NewPhysicalPlan.class); // the plan without task 2 reaches its instance, which stays
        TaskBatchFrame oldPlan = frame(2, "from a peer on the old plan");
        onLoop(() -> {
            sm.onPeerBatch(oldPlan);
            sm.flushAll();
        });
        assertEquals(List.of("from a peer on the old plan"), task2.nextBatch(2).values());
        assertTrue(task2.channel.isActive(), "not disconnected by the stream manager");

        // Once its instance is gone, what still comes for the task is dropped, and it cannot register again.
        task2.channel.close().syncUninterruptibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            TaskBatchFrame probe = frame(2, "probe");
            if (onLoop(() -> {
                long dropped = sm.counters().tuplesDropped;
                sm.onPeerBatch(probe);
                return sm.counters().tuplesDropped == dropped + 1;
            })) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "batches for task 2 still delivered after its instance left");
            TimeUnit.MILLISECONDS.sleep(10);
        }
        FakeInstance again = new FakeInstance(s, 2);
        assertFalse(again.next(RegisterInstanceResponse.class).getStatus().getOk());
    }

    @Test
    void aTaskConnectionJoinsItsAdmittedInstanceCarriesItsTuplesAndIsWhatBackPressurePauses() throws Exception {
        startPair();
        // tasks 1 and 2 are spouts, feeding task 3: back pressure on task 3 pauses what task 1 sends
        PhysicalPlan.Builder pb = plan(1, s1, s2).toBuilder()
                .setTopology(PlanTopology.newBuilder()
                        .setName("t")
                        .addComponents(PlanComponent.newBuilder().setName("c").setKind(ComponentKind.SPOUT))
                        .addComponents(PlanComponent.newBuilder()
                                .setName("d")
                                .setKind(ComponentKind.BOLT)
                                .addInputs(InputStream.newBuilder()
                                        .setComponent("c")
                                        .setStream("default"))));
        pb.getInstancesBuilder(2).setComponent("d");
        PhysicalPlan plan = pb.build();

        // Before its instance is admitted (no plan yet), a task connection is refused and closed.
        FakeInstance early = new FakeInstance(s1, 1, true, false);
        RegisterInstanceResponse refused = early.next(RegisterInstanceResponse.class);
        assertFalse(refused.getStatus().getOk());
        assertTrue(
                refused.getStatus().getMessage().contains("task 1"),
                refused.getStatus().getMessage());
        assertTrue(early.channel.closeFuture().await(10, TimeUnit.SECONDS), "a refused task connection is closed");

        FakeInstance task1 = new FakeInstance(s1, 1, false, false);
        FakeInstance task3 = new FakeInstance(s2, 3);
        onLoop(() -> {
            sm1.onPlan(plan);
            sm2.onPlan(plan);
        });
        assertTrue(task1.next(RegisterInstanceResponse.class).getStatus().getOk());
        assertTrue(task3.next(RegisterInstanceResponse.class).getStatus().getOk());
        // tuples for task 1 wait for its task connection
        task3.channel.writeAndFlush(written(1, "waited"));

        FakeInstance conn = new FakeInstance(s1, 1, true, false);
        RegisterInstanceResponse accepted = conn.next(RegisterInstanceResponse.class);
        assertTrue(accepted.getStatus().getOk());
        assertFalse(accepted.hasPplan(), "plans go to the main connection only");
        assertEquals(List.of("waited"), conn.nextBatch(1).values());
        assertNull(task1.received.poll(100, TimeUnit.MILLISECONDS), "nothing comes on the main connection");
        conn.channel.writeAndFlush(written(3, "sent"));
        assertEquals(List.of("sent"), task3.nextBatch(3).values());

        // A peer's back pressure pauses the spout's task connection, not its main one.
        onLoop(() -> sm1.onBackPressureNotice(
                "stmgr-2",
                BackPressureNotice.newBuilder()
                        .setStmgrId("stmgr-2")
                        .setStart(true)
                        .setTask(3)
                        .setCause("test")
                        .build()));
        conn.channel.writeAndFlush(written(3, "paused"));
        task1.channel.writeAndFlush(written(3, "main"));
        assertEquals(List.of("main"), task3.nextBatch(3).values());
        assertNull(task3.received.poll(200, TimeUnit.MILLISECONDS), "the paused connection is not read");
        onLoop(() -> sm1.onBackPressureNotice(
                "stmgr-2",
                BackPressureNotice.newBuilder()
                        .setStmgrId("stmgr-2")
                        .setStart(false)
                        .setTask(3)
                        .build()));
        assertEquals(List.of("paused"), task3.nextBatch(3).values());

        // The instance's main connection goes: its task connection is closed with it.
        task1.channel.close().syncUninterruptibly();
        assertTrue(conn.channel.closeFuture().await(10, TimeUnit.SECONDS), "its task connection is closed too");
    }

    @Test
    void rejectsATaskOfAnotherContainer() throws Exception {
        StreamManager sm = new StreamManager("stmgr-1", Set.of(1, 2), SETTINGS, group, null, TestWires.wire("stmgr-1"));
        closeables.add(() -> onLoop(sm::close));
        FakeInstance stranger = new FakeInstance(serve(sm), 3);
        RegisterInstanceResponse r = stranger.next(RegisterInstanceResponse.class);
        assertFalse(r.getStatus().getOk());
        assertTrue(r.getStatus().getMessage().contains("task 3"));
    }
}
