package org.egret.instance;

import com.google.protobuf.ByteString;
import java.util.List;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.egret.proto.DataTuple;

/** The common part of both collectors: route, serialize, count and batch one emit (task thread only). */
public final class Emitter {
  private final int taskId;
  private volatile Router router;
  private final KryoValuesSerializer serializer;
  private final Outbox outbox;
  private final TaskMetrics metrics;

  public Emitter(int taskId, Router router, KryoValuesSerializer serializer, Outbox outbox, TaskMetrics metrics) {
    this.taskId = taskId;
    this.router = router;
    this.serializer = serializer;
    this.outbox = outbox;
    this.metrics = metrics;
  }

  /**
   * Emits; {@code directTask} null for a regular emit. An untracked tuple goes out once, naming all
   * its destination tasks; a tracked one ({@code edges} not null) as one copy per destination, each
   * with its own edge ids. Copies share the serialized values.
   *
   * @return the destination task ids
   */
  public List<Integer> emit(String stream, List<Object> values, Integer directTask, AckTracker.Edges edges) {
    List<Integer> dests = directTask == null ? router.route(stream, values)
        : router.routeDirect(directTask, stream, values);
    metrics.emitted(stream);
    if (dests.isEmpty()) {
      return dests;
    }
    // serialize() returns a fresh array that nothing else holds, so wrapping it skips a copy
    ByteString bytes = com.google.protobuf.UnsafeByteOperations.unsafeWrap(serializer.serialize(values));
    if (edges == null) {
      outbox.add(DataTuple.newBuilder().setSourceTask(taskId).setStream(stream).addAllDestTasks(dests)
          .setValues(bytes).build());
      return dests;
    }
    for (int i = 0, n = dests.size(); i < n; i++) {
      DataTuple.Builder copy = DataTuple.newBuilder().setSourceTask(taskId).setStream(stream)
          .addDestTasks(dests.get(i)).setValues(bytes);
      edges.fill(copy);
      outbox.add(copy.build());
    }
    return dests;
  }

  public void flush() {
    outbox.flush();
  }

  public void setRouter(Router router) {
    this.router = router;
  }

  public TaskMetrics metrics() {
    return metrics;
  }
}
