package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.spout.ISpout;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.task.WorkerTopologyContext;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.TupleImpl;
import org.apache.storm.tuple.Values;
import org.egret.acking.AckBatchBuilder;
import org.egret.acking.AckFrames;
import org.egret.acking.XorTracker;
import org.egret.net.frame.TaskBatchFrame;
import org.egret.net.frame.TaskBatchReader;
import org.egret.net.frame.TaskBatchWriter;
import org.egret.net.frame.TupleRoots;
import org.egret.proto.AckBatch;
import org.egret.proto.AckKind;
import org.egret.proto.PhysicalPlan;
import org.egret.storm.serialization.TupleValuesWriter;
import org.egret.storm.translate.StormNormalizer;
import org.egret.storm.translate.TopologyTranslatorTestAccess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both halves of acking together: spout and bolt trackers on the instance side, the stream
 * manager's XOR tracker in the middle (events delivered in the order the test chooses).
 */
class ReliableAckTrackerTest {
    private final List<Object> acked = new ArrayList<>();
    private final List<Object> failed = new ArrayList<>();
    private final List<AckBatch> wire = new ArrayList<>();
    private WorkerTopologyContext context;
    private Map<String, Object> conf;
    private int spoutTask;
    private ReliableAckTracker spout;
    private XorTracker xor;
    private final Map<Integer, ReliableAckTracker> bolts = new HashMap<>();

    private final ISpout userSpout = new ISpout() {
        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {}

        @Override
        public void close() {}

        @Override
        public void activate() {}

        @Override
        public void deactivate() {}

        @Override
        public void nextTuple() {}

        @Override
        public void ack(Object msgId) {
            acked.add(msgId);
        }

        @Override
        public void fail(Object msgId) {
            failed.add(msgId);
        }
    };

    @BeforeEach
    void setUp() {
        StormNormalizer.Normalized n =
                StormNormalizer.normalize("t", new HashMap<>(), TopologyTranslatorTestAccess.allGroupings());
        StormTopology topology = n.topology();
        conf = StormNormalizer.runtimeConf(n.conf());
        PhysicalPlan plan = RouterTest.plan(topology);
        spoutTask = plan.getInstancesList().stream()
                .filter(i -> i.getComponent().equals("src"))
                .findFirst()
                .orElseThrow()
                .getTaskId();
        context = StormContexts.worker(
                topology, conf, PlanView.of(plan, topology, spoutTask), "t-1", "127.0.0.1", "/tmp", "/tmp", 1);
        spout = new ReliableAckTracker(spoutTask, outbox(), new TaskMetrics(), userSpout, TaskHooks.none());
        xor = new XorTracker(3, 1 << 20, new XorTracker.Listener() {
            @Override
            public void completed(long root) {
                spout.onEvent(AckKind.ACK, root);
            }

            @Override
            public void failed(long root) {
                spout.onEvent(AckKind.FAIL, root);
            }
        });
    }

    private AckOutbox outbox() {
        return new AckOutbox(1, b -> wire.add(AckFrames.parse(b)));
    }

    private ReliableAckTracker bolt(int task) {
        return bolts.computeIfAbsent(
                task, t -> new ReliableAckTracker(t, outbox(), new TaskMetrics(), null, TaskHooks.none()));
    }

    /** Delivers what the instances sent so far to the stream manager's tracker. */
    private void deliver() {
        for (AckBatch b : wire) {
            int n = AckBatchBuilder.events(b);
            assertEquals(b.getRootsCount(), n, "the batch's columns agree");
            for (int i = 0; i < n; i++) {
                long root = b.getRoots(i);
                switch (AckBatchBuilder.kind(b, i)) {
                    case INIT -> xor.init(root, b.getValues(i));
                    case ACK -> xor.ack(root, b.getValues(i));
                    case FAIL -> xor.fail(root);
                    default -> {}
                }
            }
        }
        wire.clear();
    }

    /**
     * What the Emitter does: one copy per destination, each filled by the tracker (in the one
     * TupleRoots it reuses); and what the receiving task reads of each copy after the wire.
     */
    private static Map<Integer, TupleRoots> copies(int source, AckTracker.Edges edges, int... dests) {
        Map<Integer, TupleRoots> out = new HashMap<>();
        TupleRoots roots = new TupleRoots();
        TaskBatchReader reader = new TaskBatchReader();
        for (int d : dests) {
            TupleRoots r = null;
            if (edges != null) {
                roots.clear();
                edges.fill(roots);
                r = roots;
            }
            TaskBatchWriter w = new TaskBatchWriter(d);
            w.add(source, "shuffle".getBytes(StandardCharsets.UTF_8), new byte[] {1}, 1, r);
            ByteBuf frame = w.take();
            try {
                byte[] body = new byte[frame.readableBytes() - TaskBatchFrame.BODY_OFFSET];
                frame.getBytes(frame.readerIndex() + TaskBatchFrame.BODY_OFFSET, body);
                reader.reset(body, 0, body.length);
                assertTrue(reader.next());
                assertEquals(source, reader.sourceTask());
                TupleRoots received = new TupleRoots();
                for (int i = 0; i < reader.roots().size(); i++) {
                    received.add(reader.roots().root(i), reader.roots().edge(i));
                }
                assertFalse(reader.next());
                out.put(d, received);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            } finally {
                frame.release();
            }
        }
        if (edges != null && dests.length > 0) {
            edges.copiesAdded(); // as the Emitter: after the last copy, and not for an emit that went nowhere
        }
        return out;
    }

    private Map<Integer, TupleRoots> spoutEmit(Object msgId, int... dests) {
        AckTracker.Edges edges = spout.spoutEdges(msgId);
        Map<Integer, TupleRoots> out = copies(spoutTask, edges, dests);
        spout.afterSpoutEmit(msgId, edges, dests.length);
        return out;
    }

    /** The copy of an emit that task {@code task} receives. */
    private Tuple received(Map<Integer, TupleRoots> emit, int task) {
        return new TupleImpl(
                context,
                new Values("k", 1),
                "src",
                spoutTask,
                "shuffle",
                bolt(task).messageIdOf(emit.get(task)));
    }

    private Map<Integer, TupleRoots> boltEmit(int task, List<Tuple> anchors, int... dests) {
        return copies(task, bolt(task).boltEdges(anchors), dests);
    }

    @Test
    void aTreeCompletesOnlyWhenItsLastEdgeIsAcked() {
        Map<Integer, TupleRoots> root = spoutEmit("m1", 10, 11);
        assertEquals(1, spout.pending());
        Tuple at10 = received(root, 10);
        Tuple at11 = received(root, 11);
        Map<Integer, TupleRoots> child = boltEmit(10, List.of(at10), 20, 21);
        bolt(10).ack(at10);
        bolt(11).ack(at11);
        deliver();
        assertTrue(acked.isEmpty(), "two child edges still open");
        bolt(20).ack(received(child, 20));
        deliver();
        assertTrue(acked.isEmpty());
        bolt(21).ack(received(child, 21));
        deliver();
        assertEquals(List.of("m1"), acked);
        assertEquals(0, spout.pending());
    }

    @Test
    void aTupleAnchoredTwiceToOneTreeStillCompletes() {
        Map<Integer, TupleRoots> root = spoutEmit("m2", 10, 11);
        Tuple a = received(root, 10);
        Tuple b = received(root, 11);
        // a join anchored to two tuples of the same tree: one root, two anchor edges XORed into it
        Map<Integer, TupleRoots> joined = boltEmit(10, List.of(a, b), 30);
        assertEquals(1, joined.get(30).size());
        bolt(10).ack(a);
        bolt(11).ack(b);
        deliver();
        assertTrue(acked.isEmpty(), "the joined tuple is still open");
        bolt(30).ack(received(joined, 30));
        deliver();
        assertEquals(List.of("m2"), acked);
    }

    @Test
    void aFailReachesTheSpoutOnceAndLaterAcksAreIgnored() {
        Map<Integer, TupleRoots> root = spoutEmit("m3", 10);
        Tuple at10 = received(root, 10);
        bolt(10).fail(at10);
        deliver();
        assertEquals(List.of("m3"), failed);
        bolt(10).ack(at10);
        deliver();
        assertTrue(acked.isEmpty());
        assertEquals(0, spout.pending());
    }

    @Test
    void eachCopyOfAFanOutIsItsOwnEdge() {
        Map<Integer, TupleRoots> root = spoutEmit("m5", 10, 11, 12);
        bolt(10).ack(received(root, 10));
        bolt(11).ack(received(root, 11));
        deliver();
        assertTrue(acked.isEmpty(), "the copy at 12 is still open");
        bolt(12).ack(received(root, 12));
        deliver();
        assertEquals(List.of("m5"), acked);
    }

    @Test
    void pendingCountsTrackedEmitsAndTimeoutsFailThem() {
        spoutEmit("a", 10);
        spoutEmit("b", 10);
        spoutEmit(null, 10); // no message id: not tracked
        spoutEmit("c"); // no destination: acked at once, as on Storm
        assertEquals(List.of("c"), acked);
        assertEquals(2, spout.pending());
        spout.expire();
        assertTrue(failed.isEmpty(), "a timeout takes a whole generation");
        spout.expire();
        assertEquals(java.util.Set.of("a", "b"), new java.util.HashSet<>(failed));
        assertEquals(0, spout.pending());
    }

    @Test
    void unanchoredEmitsCarryNoRoots() {
        Map<Integer, TupleRoots> root = spoutEmit("m4", 10);
        Map<Integer, TupleRoots> free = boltEmit(10, List.of(), 20);
        assertEquals(0, free.get(20).size());
        assertEquals(1, root.get(10).size());
        Map<Integer, TupleRoots> fromUnanchoredInput = boltEmit(20, List.of(received(free, 20)), 21);
        assertEquals(0, fromUnanchoredInput.get(21).size());
    }

    /**
     * The stream manager drops acks for roots it does not track, which is only safe if a tree's INIT
     * reaches it before any copy of the tuple: what the task connection receives, in order, when a
     * spout's emit fills the batch with its very first copy.
     */
    @Test
    void aTreesInitIsQueuedBeforeAnyCopyOfItsTuple() {
        List<Object> sent = new ArrayList<>(); // AckBatch or "tuples", in the order the connection got them
        AckOutbox acks = new AckOutbox(1024, b -> sent.add(AckFrames.parse(b)));
        TupleOutbox outbox = new TupleOutbox(1, 1000, new TupleOutbox.Sink() {
            @Override
            public void accept(ByteBuf frame) {
                acks.handOver(); // as TaskRunner's sink: acks first
                frame.release();
                sent.add("tuples");
            }
        });
        TaskMetrics metrics = new TaskMetrics();
        Emitter emitter = new Emitter(
                spoutTask,
                () -> new Router(context, "src", spoutTask, conf),
                new TupleValuesWriter(conf),
                outbox,
                metrics,
                TaskHooks.none());
        ReliableAckTracker tracker = new ReliableAckTracker(spoutTask, acks, metrics, userSpout, TaskHooks.none());
        OffThreadCalls offThread = new OffThreadCalls(() -> {});
        offThread.bindTaskThread();
        SpoutOutputCollector collector = new SpoutOutputCollector(new SpoutCollector(emitter, tracker, offThread));

        List<Integer> dests = collector.emit("all", new Values("x", 1), "m1"); // one copy per task of "all"
        assertTrue(dests.size() > 1, "a fan-out: " + dests);
        assertEquals(1, tracker.pending());
        assertTrue(sent.size() >= 2, "the emit went out: " + sent);
        assertEquals(
                AckKind.INIT, AckBatchBuilder.kind((AckBatch) sent.get(0), 0), "the INIT before every copy: " + sent);
        assertEquals(
                List.of("tuples"),
                sent.subList(1, sent.size()).stream().distinct().toList());
    }
}
