package org.egret.instance;

import org.egret.proto.DataTuple;
import org.egret.proto.TupleBatch;

/** Batches a task's outgoing tuples (task thread only); hands a batch over when full or old enough. */
public final class Outbox {
  /** Receives full batches; may block (back pressure). */
  @FunctionalInterface
  public interface Sink {
    void accept(TupleBatch batch) throws InterruptedException;
  }

  private final int batchTuples;
  private final long flushNanos;
  private final Sink sink;
  private TupleBatch.Builder batch = TupleBatch.newBuilder();
  private long firstAt;

  public Outbox(int batchTuples, long flushMillis, Sink sink) {
    this.batchTuples = batchTuples;
    this.flushNanos = flushMillis * 1_000_000L;
    this.sink = sink;
  }

  public void add(DataTuple t) {
    if (batch.getTuplesCount() == 0) {
      firstAt = System.nanoTime();
    }
    batch.addTuples(t);
    if (batch.getTuplesCount() >= batchTuples) {
      flush();
    }
  }

  /** Sends the partial batch if its first tuple waited FLUSH_MS. */
  public void flushIfDue(long nowNanos) {
    if (batch.getTuplesCount() > 0 && nowNanos - firstAt >= flushNanos) {
      flush();
    }
  }

  /** Nanoseconds until the partial batch is due, or Long.MAX_VALUE when it is empty. */
  public long nanosUntilDue(long nowNanos) {
    return batch.getTuplesCount() == 0 ? Long.MAX_VALUE : Math.max(0, firstAt + flushNanos - nowNanos);
  }

  public void flush() {
    if (batch.getTuplesCount() == 0) {
      return;
    }
    TupleBatch b = batch.build();
    batch = TupleBatch.newBuilder();
    try {
      sink.accept(b);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException("interrupted while handing over a tuple batch", e);
    }
  }

  public int pending() {
    return batch.getTuplesCount();
  }
}
