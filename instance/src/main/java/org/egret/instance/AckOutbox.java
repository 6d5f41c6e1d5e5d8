package org.egret.instance;

import io.netty.buffer.ByteBuf;
import org.egret.acking.AckBatchBuilder;
import org.egret.proto.AckKind;

/** Batches a task's acking events to its stream manager (task thread only), flushed with its tuples. */
final class AckOutbox {
    /** Receives full batches; may block. */
    @FunctionalInterface
    interface Sink {
        /** An ACK_BATCH frame, whose reference the sink takes over. */
        void accept(ByteBuf frame) throws InterruptedException;

        /** The batch handed over last may go out now. */
        default void flushed() throws InterruptedException {}
    }

    private final int batchEvents;
    private final Sink sink;
    private final AckBatchBuilder batch = new AckBatchBuilder();

    AckOutbox(int batchEvents, Sink sink) {
        this.batchEvents = batchEvents;
        this.sink = sink;
    }

    void add(AckKind kind, long root, long value) {
        batch.add(kind, root, value);
        if (batch.size() >= batchEvents) {
            flush();
        }
    }

    /** Sends the events batched so far. */
    void flush() {
        handOver(true);
    }

    /** Hands the events batched so far to the sink, to go out with what the caller sends next. */
    void handOver() {
        handOver(false);
    }

    private void handOver(boolean push) {
        if (batch.size() == 0) {
            return;
        }
        try {
            sink.accept(batch.takeFrame());
            if (push) {
                sink.flushed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException("interrupted while handing over acks", e);
        }
    }
}
