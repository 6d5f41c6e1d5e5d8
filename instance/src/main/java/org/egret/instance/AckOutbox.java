package org.egret.instance;

import com.google.protobuf.Message;
import org.egret.proto.AckBatch;
import org.egret.proto.AckEvent;

/** Batches a task's acking events to its stream manager (task thread only), flushed with its tuples. */
final class AckOutbox {
  /** Receives full batches; may block. */
  @FunctionalInterface
  interface Sink {
    void accept(Message batch) throws InterruptedException;
  }

  private final int batchEvents;
  private final Sink sink;
  private AckBatch.Builder batch = AckBatch.newBuilder();

  AckOutbox(int batchEvents, Sink sink) {
    this.batchEvents = batchEvents;
    this.sink = sink;
  }

  void add(AckEvent.Kind kind, long root, long value) {
    batch.addEvents(AckEvent.newBuilder().setKind(kind).setRoot(root).setValue(value));
    if (batch.getEventsCount() >= batchEvents) {
      flush();
    }
  }

  void flush() {
    if (batch.getEventsCount() == 0) {
      return;
    }
    AckBatch b = batch.build();
    batch = AckBatch.newBuilder();
    try {
      sink.accept(b);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException("interrupted while handing over acks", e);
    }
  }
}
