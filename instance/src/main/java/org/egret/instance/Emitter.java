package org.egret.instance;

import com.esotericsoftware.kryo.io.Output;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.egret.net.TupleRoots;

/** The common part of both collectors: route, serialize, count and batch one emit (task thread only). */
public final class Emitter {
  private final int taskId;
  private volatile Router router;
  private final KryoValuesSerializer serializer;
  private final Output values = new Output(4096, -1);
  private final TupleRoots roots = new TupleRoots();
  private final Map<String, byte[]> streamNames = new HashMap<>();
  private String lastStream;
  private byte[] lastStreamUtf8;
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
   * Emits; {@code directTask} null for a regular emit. The values are serialized once and one copy
   * goes to each destination task; a tracked copy ({@code edges} not null) gets its own edge ids.
   *
   * @return the destination task ids
   */
  public List<Integer> emit(String stream, List<Object> tuple, Integer directTask, AckTracker.Edges edges) {
    List<Integer> dests = directTask == null ? router.route(stream, tuple)
        : router.routeDirect(directTask, stream, tuple);
    metrics.emitted(stream);
    if (dests.isEmpty()) {
      return dests;
    }
    values.reset();
    serializer.serializeInto(tuple, values);
    byte[] name = utf8(stream);
    for (int i = 0, n = dests.size(); i < n; i++) {
      TupleRoots r = null;
      if (edges != null) {
        roots.clear();
        edges.fill(roots);
        r = roots;
      }
      outbox.add(dests.get(i), taskId, name, values.getBuffer(), values.position(), r);
    }
    return dests;
  }

  private byte[] utf8(String stream) {
    // most components emit on one stream, usually the same String instance
    if (stream != lastStream) {
      lastStreamUtf8 = streamNames.computeIfAbsent(stream, s -> s.getBytes(StandardCharsets.UTF_8));
      lastStream = stream;
    }
    return lastStreamUtf8;
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
