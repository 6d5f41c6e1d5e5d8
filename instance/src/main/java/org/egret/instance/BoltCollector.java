package org.egret.instance;

import java.util.Collection;
import java.util.List;
import org.apache.storm.task.IOutputCollector;
import org.apache.storm.tuple.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bolt's collector: emits return their destination tasks synchronously; acking goes to the tracker. */
public final class BoltCollector implements IOutputCollector {
  private static final Logger LOG = LoggerFactory.getLogger(BoltCollector.class);
  private final Emitter emitter;
  private final AckTracker tracker;

  public BoltCollector(Emitter emitter, AckTracker tracker) {
    this.emitter = emitter;
    this.tracker = tracker;
  }

  @Override
  public List<Integer> emit(String streamId, Collection<Tuple> anchors, List<Object> tuple) {
    return emitter.emit(streamId, tuple, null, tracker.boltEdges(anchors));
  }

  @Override
  public void emitDirect(int taskId, String streamId, Collection<Tuple> anchors, List<Object> tuple) {
    emitter.emit(streamId, tuple, taskId, tracker.boltEdges(anchors));
  }

  @Override
  public void ack(Tuple input) {
    emitter.metrics().inc("acked");
    tracker.ack(input);
  }

  @Override
  public void fail(Tuple input) {
    emitter.metrics().inc("failed");
    tracker.fail(input);
  }

  @Override
  public void resetTimeout(Tuple input) {
    tracker.resetTimeout(input);
  }

  @Override
  public void flush() {
    emitter.flush();
  }

  @Override
  public void reportError(Throwable error) {
    emitter.metrics().exception(error);
    LOG.error("bolt reported an error", error);
  }
}
