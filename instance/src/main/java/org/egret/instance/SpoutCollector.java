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
    List<Integer> dests = emitter.emit(streamId, tuple, null, t -> tracker.beforeSpoutSend(messageId, t));
    tracker.afterSpoutEmit(messageId);
    return dests;
  }

  @Override
  public void emitDirect(int taskId, String streamId, List<Object> tuple, Object messageId) {
    emitter.emit(streamId, tuple, taskId, t -> tracker.beforeSpoutSend(messageId, t));
    tracker.afterSpoutEmit(messageId);
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
    emitter.metrics().inc("errors");
    LOG.error("spout reported an error", error);
  }
}
