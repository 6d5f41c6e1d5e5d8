package org.egret.stmgr;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.List;
import org.egret.net.frame.TaskBatchFrame;

/**
 * Tuple batches on their way to one destination (a local task or a peer stream manager), forwarded
 * as the frames they arrived in. While the destination is connected, each batch is written at once
 * and the channel is flushed at the end of the read burst (or on the flush timer); while it is not,
 * batches wait in a queue bounded in tuples, and overflow is dropped (at-most-once until acking
 * replays). Used only from the event loop.
 */
final class TupleSender {
    private final String name;
    private final int pendingLimit;
    private final List<TupleSender> dirtyList;
    private final ArrayDeque<TaskBatchFrame> pending = new ArrayDeque<>();
    private int pendingTuples;
    private Channel channel;
    private boolean dirty;
    private long sent;
    private long dropped;

    /** {@code dirtyList}: where this sender enlists itself when its channel has unflushed writes. */
    TupleSender(String name, int pendingLimit, List<TupleSender> dirtyList) {
        this.name = name;
        this.pendingLimit = pendingLimit;
        this.dirtyList = dirtyList;
    }

    /**
     * Takes over a batch; false when it was dropped (and released) because the destination is away and
     * its queue full.
     */
    boolean offer(TaskBatchFrame batch) {
        if (channel == null) {
            if (pendingTuples + batch.count() > pendingLimit && !pending.isEmpty()) {
                dropped += batch.count();
                batch.release();
                return false;
            }
            pending.add(batch);
            pendingTuples += batch.count();
            return true;
        }
        channel.write(batch.frame(), channel.voidPromise());
        sent += batch.count();
        if (!dirty) {
            dirty = true;
            dirtyList.add(this);
        }
        return true;
    }

    /** Flushes the channel if this sender wrote to it since the last flush. */
    void flush() {
        if (dirty && channel != null) {
            channel.flush();
        }
        dirty = false;
    }

    /** The destination is (re)connected: send what waited, in order. */
    void attach(Channel ch) {
        channel = ch;
        while (!pending.isEmpty()) {
            offer(pending.poll());
        }
        pendingTuples = 0;
        flush();
    }

    /**
     * The destination's connection {@code ch} is gone. What was written to it is lost with it (acking
     * replays it); later batches wait for the next connection.
     */
    void detach(Channel ch) {
        if (channel == ch && ch != null) {
            channel = null;
        }
    }

    /** Releases waiting batches: the destination left the plan. */
    void discard() {
        dropped += pendingTuples;
        while (!pending.isEmpty()) {
            pending.poll().release();
        }
        pendingTuples = 0;
    }

    Channel channel() {
        return channel;
    }

    String name() {
        return name;
    }

    /** Tuples waiting for the destination to connect. */
    int pendingCount() {
        return pendingTuples;
    }

    /** Tuples written to the destination. */
    long sent() {
        return sent;
    }

    /** Drops counted since the last call. */
    long takeDropped() {
        long d = dropped;
        dropped = 0;
        return d;
    }
}
