package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.tuple.Values;
import org.egret.proto.AckBatch;
import org.egret.proto.AckKind;
import org.egret.proto.PhysicalPlan;
import org.egret.storm.translate.StormNormalizer;
import org.egret.storm.translate.TopologyTranslatorTestAccess;
import org.egret.acking.AckBatchBuilder;
import org.junit.jupiter.api.Test;

/**
 * The stream manager drops acks for roots it does not track, which is only safe if a tree's INIT
 * reaches it before any copy of the tuple: what the task connection receives, in order, when a
 * spout's emit fills the batch with its very first copy.
 */
class SpoutInitOrderTest {
  @Test
  void aTreesInitIsQueuedBeforeAnyCopyOfItsTuple() {
    StormNormalizer.Normalized n = StormNormalizer.normalize("t", new HashMap<>(),
        TopologyTranslatorTestAccess.allGroupings());
    StormTopology topology = n.topology();
    Map<String, Object> conf = StormNormalizer.runtimeConf(n.conf());
    PhysicalPlan plan = RouterTest.plan(topology);
    int spoutTask = plan.getInstancesList().stream().filter(i -> i.getComponent().equals("src")).findFirst()
        .orElseThrow().getTaskId();
    PlanView view = PlanView.of(plan, topology, spoutTask);
    var context = StormContexts.worker(topology, conf, view, "t-1", "127.0.0.1", "/tmp", "/tmp", 1);

    List<Object> wire = new ArrayList<>(); // AckBatch or "tuples", in the order the connection got them
    AckOutbox acks = new AckOutbox(1024, m -> wire.add(m));
    Outbox outbox = new Outbox(1, 1000, new Outbox.Sink() {
      @Override
      public void accept(ByteBuf frame) {
        acks.handOver(); // as TaskRunner's sink: acks first
        frame.release();
        wire.add("tuples");
      }
    });
    TaskMetrics metrics = new TaskMetrics();
    Emitter emitter = new Emitter(spoutTask, () -> new Router(context, "src", spoutTask, conf),
        new KryoValuesSerializer(conf), outbox, metrics, TaskHooks.none());
    ReliableAckTracker tracker = new ReliableAckTracker(spoutTask, acks, metrics, null, TaskHooks.none());
    OffThreadCalls offThread = new OffThreadCalls(() -> { });
    offThread.bindTaskThread();
    SpoutOutputCollector collector = new SpoutOutputCollector(new SpoutCollector(emitter, tracker, offThread));

    List<Integer> dests = collector.emit("all", new Values("x", 1), "m1"); // one copy per task of "all"
    assertTrue(dests.size() > 1, "a fan-out: " + dests);
    assertEquals(1, tracker.pending());
    assertTrue(wire.size() >= 2, "the emit went out: " + wire);
    AckBatch first = (AckBatch) wire.get(0);
    assertEquals(AckKind.INIT, AckBatchBuilder.kind(first, 0), "the INIT before every copy: " + wire);
    assertEquals(List.of("tuples"), wire.subList(1, wire.size()).stream().distinct().toList());
  }
}
