package org.egret.instance;

import java.util.Collection;
import java.util.function.Consumer;
import org.apache.storm.tuple.Tuple;
import org.egret.net.frame.TupleRoots;

/**
 * Where acking hooks into the collectors: {@link AtMostOnce} when acking is off,
 * {@link ReliableAckTracker} (Storm's XOR scheme) when it is on.
 */
interface AckTracker {
    /**
     * The acking fields of one emit. An emit that is tracked goes out as one copy per destination
     * task, each its own edge of the tree (as on Storm), and {@link #fill} is called for each copy.
     */
    interface Edges {
        void fill(TupleRoots copy);

        /** Every copy was filled, and none has left yet (the tree's INIT goes first). */
        default void copiesAdded() {}
    }

    /** For a spout emit: null when it is not tracked (no message id, or acking off). */
    default Edges spoutEdges(Object messageId) {
        return null;
    }

    /** After a spout emit went to {@code destinations} tasks. */
    void afterSpoutEmit(Object messageId, Edges edges, int destinations);

    /** For a bolt emit: null when it is unanchored (or acking is off). */
    default Edges boltEdges(Collection<Tuple> anchors) {
        return null;
    }

    default void ack(Tuple input) {}

    default void fail(Tuple input) {}

    default void resetTimeout(Tuple input) {}

    /** Spout tuples in flight. */
    default long pending() {
        return 0;
    }

    /** Storm's behaviour with acking off: every emit that carries a message id is acked at once. */
    final class AtMostOnce implements AckTracker {
        private final Consumer<Object> spoutAck;

        public AtMostOnce(Consumer<Object> spoutAck) {
            this.spoutAck = spoutAck;
        }

        @Override
        public void afterSpoutEmit(Object messageId, Edges edges, int destinations) {
            if (messageId != null && spoutAck != null) {
                spoutAck.accept(messageId);
            }
        }
    }
}
