package org.egret.stmgr;

import io.netty.channel.Channel;
import java.util.List;
import org.egret.acking.AckBatchBuilder;
import org.egret.proto.AckKind;

/**
 * Acking events on their way to one destination (a local spout task or a peer stream manager),
 * over the same connection as that destination's tuples. Events for a destination that is not
 * connected are dropped and counted: the trees they belong to time out and their spouts replay.
 * Event-loop thread only.
 */
final class AckSender {
    private final TupleSender data;
    private final int batchEvents;
    private final List<AckSender> dirtyList;
    private final AckBatchBuilder batch = new AckBatchBuilder();
    private boolean dirty;
    private long dropped;

    AckSender(TupleSender data, int batchEvents, List<AckSender> dirtyList) {
        this.data = data;
        this.batchEvents = batchEvents;
        this.dirtyList = dirtyList;
    }

    void add(AckKind kind, long root, long value) {
        batch.add(kind, root, value);
        if (batch.size() >= batchEvents) {
            flush();
        } else if (!dirty) {
            dirty = true;
            dirtyList.add(this);
        }
    }

    void flush() {
        dirty = false;
        int n = batch.size();
        if (n == 0) {
            return;
        }
        Channel ch = data.channel();
        if (ch == null || !ch.isActive()) {
            dropped += n;
            batch.discard();
        } else {
            ch.writeAndFlush(batch.takeFrame(), ch.voidPromise());
        }
    }

    long takeDropped() {
        long d = dropped;
        dropped = 0;
        return d;
    }
}
