package org.egret.instance;

import java.util.List;
import org.apache.storm.spout.ISpoutOutputCollector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The spout's collector: emits return their destination tasks synchronously. */
public final class SpoutCollector implements ISpoutOutputCollector {
  private static final Logger LOG = LoggerFactory.getLogger(SpoutCollector.class);
  private final Emitter emitter;
  private final AckTracker tracker;

  public SpoutCollector(Emitter emitter, AckTracker tracker) {
    this.emitter = emitter;
    this.tracker = tracker;
  }

  @Override
  public List<Integer> emit(String streamId, List<Object> tuple, Object messageId) {
    AckTracker.Edges edges = tracker.spoutEdges(messageId);
    List<Integer> dests = emitter.emit(streamId, tuple, null, edges);
    tracker.afterSpoutEmit(messageId, edges, dests.size());
    return dests;
  }

  @Override
  public void emitDirect(int taskId, String streamId, List<Object> tuple, Object messageId) {
    AckTracker.Edges edges = tracker.spoutEdges(messageId);
    List<Integer> dests = emitter.emit(streamId, tuple, taskId, edges);
    tracker.afterSpoutEmit(messageId, edges, dests.size());
  }

  @Override
  public long getPendingCount() {
    return tracker.pending();
  }

  @Override
  public void flush() {
    emitter.flush();
  }

  @Override
  public void reportError(Throwable error) {
    emitter.metrics().exception(error);
    LOG.error("spout reported an error", error);
  }
}
