package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.apache.storm.tuple.Values;
import org.egret.acking.AckBatchBuilder;
import org.egret.acking.AckFrames;
import org.egret.net.frame.TaskBatchFrame;
import org.egret.net.frame.TaskBatchWriter;
import org.egret.net.frame.TupleRoots;
import org.egret.proto.AckBatch;
import org.egret.proto.AckKind;
import org.egret.storm.serialization.KryoBombs;
import org.junit.jupiter.api.Test;

/** A bolt's read path over real serialized batches that hold poison tuples among good ones. */
class BoltInputTest {
    /** A value its registered serializer writes but never reads back (a reader that differs from its writer). */
    public static final class Unreadable {}

    public static final class UnreadableSerializer extends Serializer<Unreadable> {
        @Override
        public void write(Kryo kryo, Output output, Unreadable u) {
            output.writeInt(42);
        }

        @Override
        public Unreadable read(Kryo kryo, Input input, Class<? extends Unreadable> type) {
            throw new KryoException("this reader refuses value " + input.readInt());
        }
    }

    private final TaskContexts contexts = new TaskContexts(Map.of(
            Config.TOPOLOGY_KRYO_REGISTER,
            List.of(Map.of(Unreadable.class.getName(), UnreadableSerializer.class.getName()))));
    private final int spoutTask = contexts.tasks("spout").get(0);
    private final int boltTask = contexts.tasks("bolt").get(0);
    private final KryoValuesSerializer serializer = new KryoValuesSerializer(contexts.conf);
    private final TaskMetrics metrics = new TaskMetrics();
    private final List<AckBatch> acks = new ArrayList<>();
    private final List<Object> executed = new ArrayList<>();

    private BoltInput input(boolean acking) {
        ReliableAckTracker reliable = acking
                ? new ReliableAckTracker(
                        boltTask, new AckOutbox(1, b -> acks.add(AckFrames.parse(b))), metrics, null, TaskHooks.none())
                : null;
        BoltInput in = new BoltInput(boltTask, contexts.conf, metrics, reliable);
        in.layout(
                contexts.worker(boltTask),
                PlanView.of(contexts.plan, contexts.topology, boltTask).taskToComponent());
        return in;
    }

    /** One batch of {@code values} (serialized bytes each) from the spout, tuple i in tree root i with edge 100 + i. */
    private byte[] batch(List<byte[]> values) {
        TaskBatchWriter w = new TaskBatchWriter(boltTask);
        TupleRoots roots = new TupleRoots();
        for (int i = 0; i < values.size(); i++) {
            roots.clear();
            roots.add(root(i), 100 + i);
            w.add(spoutTask, "default".getBytes(StandardCharsets.UTF_8), values.get(i), values.get(i).length, roots);
        }
        ByteBuf frame = w.take();
        try {
            return TaskBatchFrame.bodyBytes(frame);
        } finally {
            frame.release();
        }
    }

    private long root(int i) {
        return org.egret.acking.EdgeIds.root(spoutTask, 1000 + i);
    }

    private byte[] good(long n) {
        return serializer.serialize(new Values("k", n));
    }

    private void run(BoltInput in, byte[] body) {
        in.batch(body, 0, body.length, (tuple, src, stream) -> {
            assertEquals("spout", src);
            assertEquals("default", stream);
            executed.add(tuple.getValue(1));
        });
    }

    private Map<Long, AckKind> ackEvents() {
        Map<Long, AckKind> out = new HashMap<>();
        for (AckBatch b : acks) {
            for (int i = 0; i < AckBatchBuilder.events(b); i++) {
                out.put(b.getRoots(i), AckBatchBuilder.kind(b, i));
            }
        }
        return out;
    }

    @Test
    void poisonAndBombsAreCountedReportedAndFailedWhileTheRestRuns() {
        BoltInput in = input(true);
        run(
                in,
                batch(List.of(
                        good(1),
                        serializer.serialize(new Values("k", new Unreadable())),
                        KryoBombs.values(contexts.conf, KryoBombs.Kind.LIST),
                        good(2),
                        KryoBombs.values(contexts.conf, KryoBombs.Kind.BYTES),
                        good(4))));
        run(in, batch(List.of(good(3))));

        assertEquals(List.of(1L, 2L, 4L, 3L), executed, "every good tuple ran, in order");
        assertEquals(3, metrics.get(PoisonTuples.METRIC));
        assertEquals(3, metrics.get("errors"), "reported as the bolt's errors");
        List<String> reported = metrics.takeExceptions();
        assertEquals(3, reported.size());
        assertTrue(
                reported.get(0).contains("PoisonTupleException")
                        && reported.get(0).contains("from task " + spoutTask + " (spout) on stream default")
                        && reported.get(0).contains("this reader refuses value 42"),
                reported.get(0));
        assertTrue(reported.get(1).contains("declares 2147483646 elements"), reported.get(1));
        // the poison tuples' trees (roots 1, 2 and 4 of the first batch) are failed; nothing else was sent
        assertEquals(Map.of(root(1), AckKind.FAIL, root(2), AckKind.FAIL, root(4), AckKind.FAIL), ackEvents());
    }

    @Test
    void withoutAckingAPoisonTupleIsCountedAndNothingIsSent() {
        BoltInput in = input(false);
        run(in, batch(List.of(KryoBombs.values(contexts.conf, KryoBombs.Kind.STRING), good(5))));
        assertEquals(List.of(5L), executed);
        assertEquals(1, metrics.get(PoisonTuples.METRIC));
        assertTrue(acks.isEmpty());
    }

    @Test
    void aValueNestedBeyondTheStackIsAPoisonTupleToo() {
        // 200,000 lists in lists: 3 bytes each, a stack overflow for a recursive reader
        Kryo kryo = org.apache.storm.serialization.SerializationFactory.getKryo(contexts.conf);
        Output out = new Output(1 << 20, -1);
        out.writeVarIntFlag(false, 3, true);
        kryo.writeClassAndObject(out, "k");
        for (int i = 0; i < 200_000; i++) {
            kryo.writeClass(out, ArrayList.class);
            out.writeVarIntFlag(false, 2, true);
        }
        kryo.writeClassAndObject(out, "deepest");
        BoltInput in = input(true);
        run(in, batch(List.of(out.toBytes(), good(6))));
        assertEquals(List.of(6L), executed);
        assertEquals(1, metrics.get(PoisonTuples.METRIC));
        String reported = metrics.takeExceptions().get(0);
        assertTrue(
                reported.contains("StackOverflowError") && reported.lines().count() < 400,
                "reported with a cut stack (a whole one has over a thousand frames): "
                        + reported.lines().count() + " lines");
        assertEquals(Map.of(root(0), AckKind.FAIL), ackEvents());
    }
}
