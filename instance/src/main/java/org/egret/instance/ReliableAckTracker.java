package org.egret.instance;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.storm.spout.ISpout;
import org.apache.storm.tuple.MessageId;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.TupleImpl;
import org.egret.acking.AckBatchBuilder;
import org.egret.acking.EdgeIds;
import org.egret.acking.RotatingMap;
import org.egret.net.frame.TupleRoots;
import org.egret.proto.AckBatch;
import org.egret.proto.AckKind;

/**
 * At-least-once, the instance's half (docs/design.md, section 4): Storm's XOR scheme with the tracking
 * moved from acker tasks to the spout's stream manager. Spouts give each emit with a message id a
 * root and send its INIT; bolts carry roots from anchors to outputs and send ACK/FAIL/RESET with
 * Storm's XOR values. The spout side keeps the pending message ids, calls {@code ack}/{@code fail}
 * exactly once each, and fails what times out. Task thread only.
 */
final class ReliableAckTracker implements AckTracker {
    private record Pending(Object messageId, long startNanos) {}

    private final int taskId;
    private final AckOutbox acks;
    private final TaskMetrics metrics;
    private final ISpout spout;
    private final TaskHooks hooks;
    private final RotatingMap<Pending> pending = new RotatingMap<>(2);
    private long sequence = EdgeIds.randomSequenceStart();

    /** {@code spout} is null for a bolt. */
    ReliableAckTracker(int taskId, AckOutbox acks, TaskMetrics metrics, ISpout spout, TaskHooks hooks) {
        this.taskId = taskId;
        this.acks = acks;
        this.metrics = metrics;
        this.spout = spout;
        this.hooks = hooks;
    }

    // ---- spout side ----

    /** One spout emit's tree: a root, and the XOR of the edges of its copies, sent as its INIT. */
    private final class SpoutTree implements Edges {
        final long root = EdgeIds.root(taskId, sequence++);
        final Object messageId;
        long xor;

        SpoutTree(Object messageId) {
            this.messageId = messageId;
        }

        @Override
        public void fill(TupleRoots copy) {
            long edge = EdgeIds.newEdge();
            xor ^= edge;
            copy.add(root, edge);
        }

        /**
         * The INIT is queued before the copies can be handed over, so the stream manager learns of the tree
         * before any bolt can ack it: it drops acks for roots it does not know (forged, or late).
         */
        @Override
        public void copiesAdded() {
            acks.add(AckKind.INIT, root, xor);
            pending.put(root, new Pending(messageId, System.nanoTime()));
        }
    }

    @Override
    public Edges spoutEdges(Object messageId) {
        return messageId == null ? null : new SpoutTree(messageId);
    }

    @Override
    public void afterSpoutEmit(Object messageId, Edges edges, int destinations) {
        if (messageId == null) {
            return;
        }
        if (destinations == 0) {
            // Storm acks at once a tuple that went to no task: there is no tree to wait for.
            metrics.inc("acked");
            spout.ack(messageId);
            hooks.spoutAcked(messageId, TaskHooks.NO_LATENCY);
            return;
        }
        // the tree's INIT and pending entry were made when its copies were added (SpoutTree.copiesAdded)
    }

    /** What the spout's stream manager decided about each root of a batch. */
    void onBatch(AckBatch b) {
        int n = AckBatchBuilder.events(b);
        for (int i = 0; i < n; i++) {
            onEvent(AckBatchBuilder.kind(b, i), b.getRoots(i));
        }
    }

    /** What the spout's stream manager decided about a root. */
    void onEvent(AckKind kind, long root) {
        if (kind == null) {
            return; // a kind this version does not know
        }
        switch (kind) {
            case ACK -> {
                Pending p = pending.remove(root);
                if (p != null) {
                    long latency = System.nanoTime() - p.startNanos();
                    metrics.inc("acked");
                    metrics.latency("complete-latency", latency);
                    spout.ack(p.messageId());
                    hooks.spoutAcked(p.messageId(), latency);
                }
            }
            case FAIL -> {
                Pending p = pending.remove(root);
                if (p != null) {
                    metrics.inc("failed");
                    spout.fail(p.messageId());
                    hooks.spoutFailed(p.messageId(), System.nanoTime() - p.startNanos());
                }
            }
            case RESET -> {
                Pending p = pending.get(root);
                if (p != null) {
                    pending.put(root, p);
                }
            }
            default -> {}
        }
    }

    /** Called every message timeout: what has been pending for a whole generation has timed out. */
    void expire() {
        for (Pending p : pending.rotate()) {
            metrics.inc("failed");
            metrics.inc("timed-out");
            spout.fail(p.messageId());
            hooks.spoutFailed(p.messageId(), System.nanoTime() - p.startNanos());
        }
    }

    /**
     * The stream manager that tracked this spout's trees died with their XOR state: none of the
     * pending tuples can complete, so fail them now rather than after the message timeout.
     */
    void failAll() {
        for (int i = 0; i < 2; i++) {
            for (Pending p : pending.rotate()) {
                metrics.inc("failed");
                spout.fail(p.messageId());
                hooks.spoutFailed(p.messageId(), System.nanoTime() - p.startNanos());
            }
        }
    }

    @Override
    public long pending() {
        return pending.size();
    }

    // ---- bolt side ----

    /** The message id of a received tuple: its edge id in each of its trees (Storm's anchorsToIds). */
    MessageId messageIdOf(TupleRoots t) {
        int n = t.size();
        if (n == 0) {
            return MessageId.makeUnanchored();
        }
        if (n == 1) {
            // most tuples belong to one tree; Storm only reads this map
            return MessageId.makeId(Collections.singletonMap(t.root(0), t.edge(0)));
        }
        Map<Long, Long> ids = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            ids.put(t.root(i), t.edge(i));
        }
        return MessageId.makeId(ids);
    }

    /**
     * A bolt emit anchored to {@code anchors}: for each copy, each anchor gets a fresh edge that it
     * XORs into its own ack value and the copy XORs into its id for each of the anchor's trees, as
     * Storm's bolt executor does.
     */
    @Override
    public Edges boltEdges(Collection<Tuple> anchors) {
        if (anchors == null || anchors.isEmpty()) {
            return null;
        }
        boolean anyRoot = false;
        for (Tuple a : anchors) {
            anyRoot |= !a.getMessageId().getAnchorsToIds().isEmpty();
        }
        if (!anyRoot) {
            return null;
        }
        return copy -> {
            Map<Long, Long> ids = new LinkedHashMap<>();
            for (Tuple a : anchors) {
                Map<Long, Long> roots = a.getMessageId().getAnchorsToIds();
                if (roots.isEmpty()) {
                    continue;
                }
                long edge = EdgeIds.newEdge();
                ((TupleImpl) a).updateAckVal(edge);
                for (Long root : roots.keySet()) {
                    ids.merge(root, edge, (x, y) -> x ^ y);
                }
            }
            for (Map.Entry<Long, Long> e : ids.entrySet()) {
                copy.add(e.getKey(), e.getValue());
            }
        };
    }

    @Override
    public void ack(Tuple input) {
        Map<Long, Long> ids = input.getMessageId().getAnchorsToIds();
        if (ids.isEmpty()) {
            return;
        }
        long outgoing = ((TupleImpl) input).getAckVal();
        for (Map.Entry<Long, Long> e : ids.entrySet()) {
            acks.add(AckKind.ACK, e.getKey(), e.getValue() ^ outgoing);
        }
    }

    @Override
    public void fail(Tuple input) {
        for (Long root : input.getMessageId().getAnchorsToIds().keySet()) {
            acks.add(AckKind.FAIL, root, 0);
        }
    }

    /** Fails every tree a received tuple belongs to, without the tuple itself (its values could not be read). */
    void failRoots(TupleRoots roots) {
        for (int i = 0, n = roots.size(); i < n; i++) {
            acks.add(AckKind.FAIL, roots.root(i), 0);
        }
    }

    @Override
    public void resetTimeout(Tuple input) {
        for (Long root : input.getMessageId().getAnchorsToIds().keySet()) {
            acks.add(AckKind.RESET, root, 0);
        }
    }
}
