package org.egret.stmgr;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.List;
import com.google.protobuf.ByteString;
import org.egret.proto.RawTupleBatch;

/**
 * Serialized tuples on their way to one destination (a local task or a peer stream manager). While the
 * destination is connected, tuples accumulate in a batch that is written when full or when the
 * stream manager flushes; while it is not, they wait in a bounded queue, and overflow is dropped
 * (at-most-once until acking replays). Used only from the event loop.
 */
final class Outbox {
  private final String name;
  private final int batchTuples;
  private final int pendingLimit;
  private final List<Outbox> dirtyList;
  private final ArrayDeque<ByteString> pending = new ArrayDeque<>();
  private Channel channel;
  private RawTupleBatch.Builder batch = RawTupleBatch.newBuilder();
  private int batched;
  private boolean dirty;
  private long sent;
  private long dropped;

  /** {@code dirtyList}: where this outbox enlists itself when it holds a partial batch to flush. */
  Outbox(String name, int batchTuples, int pendingLimit, List<Outbox> dirtyList) {
    this.name = name;
    this.batchTuples = batchTuples;
    this.pendingLimit = pendingLimit;
    this.dirtyList = dirtyList;
  }

  /** Queues a tuple; false when it was dropped because the destination is away and its queue full. */
  boolean offer(ByteString tuple) {
    if (channel == null) {
      if (pending.size() >= pendingLimit) {
        dropped++;
        return false;
      }
      pending.add(tuple);
      return true;
    }
    // Back pressure will hook here: compare the channel's buffered bytes against watermarks.
    batch.addTuples(tuple);
    batched++;
    if (batched >= batchTuples) {
      flush();
    } else if (!dirty) {
      dirty = true;
      dirtyList.add(this);
    }
    return true;
  }

  void flush() {
    dirty = false;
    if (batched == 0 || channel == null) {
      return;
    }
    channel.writeAndFlush(batch.build(), channel.voidPromise());
    sent += batched;
    batch = RawTupleBatch.newBuilder();
    batched = 0;
  }

  /** The destination is (re)connected: send what waited, in order. */
  void attach(Channel ch) {
    channel = ch;
    while (!pending.isEmpty()) {
      offer(pending.poll());
    }
    flush();
  }

  /** The destination's connection {@code ch} is gone; unsent batched tuples go back to waiting. */
  void detach(Channel ch) {
    if (channel != ch || ch == null) {
      return;
    }
    channel = null;
    if (batched > 0) {
      ArrayDeque<ByteString> unsent = new ArrayDeque<>(batch.getTuplesList());
      unsent.addAll(pending);
      pending.clear();
      for (ByteString t : unsent) {
        if (pending.size() < pendingLimit) {
          pending.add(t);
        } else {
          dropped++;
        }
      }
      batch = RawTupleBatch.newBuilder();
      batched = 0;
    }
  }

  Channel channel() {
    return channel;
  }

  String name() {
    return name;
  }

  int pendingCount() {
    return pending.size();
  }

  int batchedCount() {
    return batched;
  }

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
