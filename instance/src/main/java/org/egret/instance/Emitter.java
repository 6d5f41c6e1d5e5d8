package org.egret.instance;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.function.Consumer;
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
   * Emits; {@code directTask} null for a regular emit.
   *
   * @param hook fills acking fields of the tuple before it is sent (may be null)
   * @return the destination task ids
   */
  public List<Integer> emit(String stream, List<Object> values, Integer directTask, Consumer<DataTuple.Builder> hook) {
    List<Integer> dests = directTask == null ? router.route(stream, values)
        : router.routeDirect(directTask, stream, values);
    metrics.emitted(stream);
    if (!dests.isEmpty()) {
      DataTuple.Builder t = DataTuple.newBuilder()
          .setSourceTask(taskId)
          .setStream(stream)
          .addAllDestTasks(dests)
          .setValues(ByteString.copyFrom(serializer.serialize(values)));
      if (hook != null) {
        hook.accept(t);
      }
      outbox.add(t.build());
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
