package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.storm.Config;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.serialization.KryoValuesDeserializer;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.WorkerTopologyContext;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.ObjectReader;
import org.egret.net.frame.TaskBatchFrame;
import org.egret.proto.DataTuple;
import org.egret.proto.InstanceLocation;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.TaskBatch;
import org.egret.storm.serialization.TupleValuesWriter;
import org.egret.storm.translate.StormComponents;
import org.egret.storm.translate.StormJson;
import org.egret.storm.translate.StormNormalizer;
import org.egret.storm.translate.TopologyTranslatorTestAccess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every grouping through Storm's groupers, for a plan spanning two containers (odd tasks in 1, even in 2). */
class RouterTest {
    StormTopology topology;
    Map<String, Object> conf;
    PhysicalPlan plan;
    Map<String, List<Integer>> tasks;
    int srcTask;
    PlanView view;
    Router router;

    static PhysicalPlan plan(StormTopology normalized) {
        PhysicalPlan.Builder p = PhysicalPlan.newBuilder().setVersion(1);
        int next = 1;
        for (Map.Entry<String, ComponentCommon> e :
                StormComponents.commons(normalized).entrySet()) {
            int n = ObjectReader.getInt(
                    StormJson.parseMap(e.getValue().get_json_conf()).get(Config.TOPOLOGY_TASKS));
            for (int i = 0; i < n; i++, next++) {
                p.addInstances(InstanceLocation.newBuilder()
                        .setComponent(e.getKey())
                        .setTaskId(next)
                        .setComponentIndex(i)
                        .setStmgrId(next % 2 == 1 ? "stmgr-1" : "stmgr-2"));
            }
        }
        return p.build();
    }

    @BeforeEach
    void setUp() {
        StormNormalizer.Normalized n =
                StormNormalizer.normalize("t", new HashMap<>(), TopologyTranslatorTestAccess.allGroupings());
        topology = n.topology();
        conf = StormNormalizer.runtimeConf(n.conf());
        plan = plan(topology);
        tasks = new TreeMap<>();
        for (InstanceLocation l : plan.getInstancesList()) {
            tasks.computeIfAbsent(l.getComponent(), k -> new ArrayList<>()).add(l.getTaskId());
        }
        srcTask = tasks.get("src").get(0);
        view = PlanView.of(plan, topology, srcTask);
        WorkerTopologyContext wc = StormContexts.worker(topology, conf, view, "t-1", "127.0.0.1", "/tmp", "/tmp", 1);
        router = new Router(wc, "src", srcTask, conf);
    }

    static Values v(Object key, int n) {
        return new Values(key, n);
    }

    @Test
    void planViewSeesTheContainer() {
        assertEquals("src", view.component());
        assertTrue(view.containerTasks().stream().allMatch(t -> t % 2 == srcTask % 2));
        assertEquals("__system", view.taskToComponent().get(-1));
    }

    @Test
    void shuffleGivesEveryTaskAShare() {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            List<Integer> d = router.route("shuffle", v("k" + i, i));
            assertEquals(1, d.size());
            counts.merge(d.get(0), 1, Integer::sum);
        }
        assertEquals(new HashSet<>(tasks.get("b-shuffle")), counts.keySet());
        counts.values().forEach(c -> assertTrue(c > 500, "uneven shuffle " + counts));
    }

    @Test
    void fieldsSendsAKeyAlwaysToOneTask() {
        Set<Integer> used = new HashSet<>();
        for (int k = 0; k < 50; k++) {
            List<Integer> first = router.route("fields", v("key" + k, 0));
            // z-multi also reads "fields" (grouped by n): one task of each component
            assertEquals(2, first.size());
            Integer fieldsTask = first.stream()
                    .filter(tasks.get("b-fields")::contains)
                    .findFirst()
                    .orElseThrow();
            used.add(fieldsTask);
            for (int i = 0; i < 20; i++) {
                List<Integer> again = router.route("fields", v("key" + k, 0));
                assertTrue(again.contains(fieldsTask));
            }
        }
        assertTrue(used.size() > 1, "50 keys all went to one task");
    }

    @Test
    void allGoesToEveryTask() {
        assertEquals(tasks.get("b-all"), sorted(router.route("all", v("a", 1))));
    }

    @Test
    void globalGoesToTheLowestTask() {
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of(tasks.get("b-global").get(0)), router.route("global", v("k" + i, i)));
        }
    }

    @Test
    void noneGoesToOneTask() {
        for (int i = 0; i < 50; i++) {
            List<Integer> d = router.route("none", v("k", i));
            assertEquals(1, d.size());
            assertTrue(tasks.get("b-none").contains(d.get(0)));
        }
    }

    @Test
    void directGoesToTheChosenTask() {
        int target = tasks.get("b-direct").get(2);
        assertEquals(List.of(target), router.routeDirect(target, "direct", v("k", 1)));
        assertThrows(IllegalArgumentException.class, () -> router.route("direct", v("k", 1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> router.routeDirect(tasks.get("b-shuffle").get(0), "shuffle", v("k", 1)));
        assertThrows(IllegalArgumentException.class, () -> router.route("no-such-stream", v("k", 1)));
    }

    @Test
    void localOrShuffleStaysInTheContainer() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.addAll(router.route("local", v("k" + i, i)));
        }
        Set<Integer> expected = new HashSet<>(tasks.get("b-local"));
        expected.retainAll(view.containerTasks());
        assertEquals(2, expected.size());
        assertEquals(expected, seen);
    }

    @Test
    void partialKeyUsesAtMostTwoTasksPerKey() {
        Set<Integer> all = new HashSet<>();
        for (int k = 0; k < 20; k++) {
            Set<Integer> perKey = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                List<Integer> d = router.route("partial", v("key" + k, i));
                assertEquals(1, d.size());
                perKey.add(d.get(0));
            }
            assertTrue(perKey.size() <= 2, "key" + k + " went to " + perKey);
            assertTrue(tasks.get("b-partial").containsAll(perKey));
            all.addAll(perKey);
        }
        assertTrue(all.size() > 2);
    }

    @Test
    void customGroupingChooses() {
        List<Integer> custom = tasks.get("b-custom");
        assertEquals(List.of(custom.get(custom.size() - 1)), router.route("custom", v("k", 1)));
    }

    /** A frame the TupleOutbox handed over, decoded (and released). */
    record Sent(int destTask, int count, TaskBatch batch) {}

    static Sent decode(ByteBuf frame) throws Exception {
        TaskBatchFrame f = TaskBatchFrame.of(frame);
        try {
            return new Sent(f.destTask(), f.count(), TaskBatch.parseFrom(f.bodyBytes()));
        } finally {
            f.release();
            assertEquals(0, frame.refCnt());
        }
    }

    @Test
    void spoutCollectorEmitsBatchesPerDestinationTaskAndAcksAtOnce() throws Exception {
        List<ByteBuf> sent = new ArrayList<>();
        TupleOutbox outbox = new TupleOutbox(10, 1000, sent::add);
        TaskMetrics metrics = new TaskMetrics();
        Emitter emitter =
                new Emitter(srcTask, () -> router, new TupleValuesWriter(conf), outbox, metrics, TaskHooks.none());
        List<Object> acked = new ArrayList<>();
        OffThreadCalls offThread = new OffThreadCalls(() -> {});
        offThread.bindTaskThread();
        SpoutOutputCollector collector =
                new SpoutOutputCollector(new SpoutCollector(emitter, new AckTracker.AtMostOnce(acked::add), offThread));
        List<Integer> d1 = collector.emit("all", v("x", 1), "m1");
        assertEquals(tasks.get("b-all"), sorted(d1));
        assertEquals(List.of("m1"), acked);
        assertEquals(4, outbox.pending(), "one copy per destination task");
        int target = tasks.get("b-direct").get(1);
        collector.emitDirect(target, "direct", v("y", 2));
        collector.emitDirect(target, "direct", v("w", 3));
        assertTrue(sent.isEmpty(), "six tuples stay in their batches");
        assertThrows(IllegalArgumentException.class, () -> collector.emitDirect(target, "all", v("z", 3)));
        assertEquals(6, outbox.pending());
        List<Integer> d2 = collector.emit("all", v("z", 4), "m2");
        assertEquals(d1, d2);
        // the tenth tuple fills the batch size: every open batch goes, one frame per destination task,
        // in the order of their first tuple
        assertEquals(5, sent.size());
        assertEquals(0, outbox.pending());
        List<Sent> frames = new ArrayList<>();
        for (ByteBuf b : sent) {
            frames.add(decode(b));
        }
        List<Integer> dests = new ArrayList<>(d1);
        dests.add(target);
        assertEquals(dests, frames.stream().map(Sent::destTask).toList());
        KryoValuesDeserializer des = new KryoValuesDeserializer(conf);
        for (Sent f : frames) {
            assertEquals(f.destTask(), f.batch().getDestTask());
            assertEquals(2, f.count());
            assertEquals(2, f.batch().getCount());
            assertEquals(2, f.batch().getTuplesCount());
            for (DataTuple t : f.batch().getTuplesList()) {
                assertEquals(srcTask, t.getSourceTask());
                assertEquals(0, t.getRootsCount(), "at most once: no acking fields");
                assertEquals(0, t.getRootEdgesCount());
            }
        }
        for (Sent f : frames.subList(0, 4)) {
            assertEquals(
                    List.of("all", "all"),
                    f.batch().getTuplesList().stream().map(DataTuple::getStream).toList());
            assertEquals(
                    List.of("x", 1),
                    des.deserialize(f.batch().getTuples(0).getValues().toByteArray()));
            assertEquals(
                    List.of("z", 4),
                    des.deserialize(f.batch().getTuples(1).getValues().toByteArray()));
        }
        Sent direct = frames.get(4);
        assertEquals(
                List.of("direct", "direct"),
                direct.batch().getTuplesList().stream()
                        .map(DataTuple::getStream)
                        .toList());
        assertEquals(
                List.of("y", 2),
                des.deserialize(direct.batch().getTuples(0).getValues().toByteArray()));
        assertEquals(
                List.of("w", 3),
                des.deserialize(direct.batch().getTuples(1).getValues().toByteArray()));
        assertEquals(List.of("m1", "m2"), acked);
        assertEquals(4, metrics.get("emitted"));
        assertEquals(2, metrics.get("emitted/all"));
        assertEquals(2, metrics.get("emitted/direct"));

        // a partial batch goes on flush
        sent.clear();
        collector.emitDirect(target, "direct", v("last", 5));
        assertTrue(sent.isEmpty());
        collector.flush();
        assertEquals(1, sent.size());
        Sent last = decode(sent.get(0));
        assertEquals(target, last.destTask());
        assertEquals(1, last.count());
        assertEquals(
                List.of("last", 5),
                des.deserialize(last.batch().getTuples(0).getValues().toByteArray()));
        collector.flush();
        assertEquals(1, sent.size(), "nothing more to send");
    }

    static List<Integer> sorted(List<Integer> l) {
        List<Integer> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }
}
