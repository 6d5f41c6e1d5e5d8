package org.egret.instance;

import java.util.Collection;
import org.apache.storm.tuple.Tuple;
import org.egret.proto.DataTuple;

/**
 * Where acking hooks into the collectors. Egret is at-most-once for now ({@link AtMostOnce}); an
 * at-least-once tracker fills {@code DataTuple.roots}/{@code edge_id} in the before-send hooks and
 * reports acks/fails to the stream manager.
 */
public interface AckTracker {
  /** A spout emit, before the tuple leaves (may set roots and edge id). */
  default void beforeSpoutSend(Object messageId, DataTuple.Builder tuple) {
  }

  /** A spout emit, after the tuple was handed over. */
  void afterSpoutEmit(Object messageId);

  /** A bolt emit, before the tuple leaves (anchors -> roots). */
  default void beforeBoltSend(Collection<Tuple> anchors, DataTuple.Builder tuple) {
  }

  default void ack(Tuple input) {
  }

  default void fail(Tuple input) {
  }

  default void resetTimeout(Tuple input) {
  }

  /** Spout tuples in flight. */
  default long pending() {
    return 0;
  }

  /** Storm's behaviour with acking off: every emit that carries a message id is acked at once. */
  final class AtMostOnce implements AckTracker {
    private final java.util.function.Consumer<Object> spoutAck;

    public AtMostOnce(java.util.function.Consumer<Object> spoutAck) {
      this.spoutAck = spoutAck;
    }

    @Override
    public void afterSpoutEmit(Object messageId) {
      if (messageId != null && spoutAck != null) {
        spoutAck.accept(messageId);
      }
    }
  }
}
