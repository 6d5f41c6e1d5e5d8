package org.egret.instance;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.egret.net.frame.TaskBatchWriter;
import org.egret.net.frame.TupleRoots;

/**
 * Batches a task's outgoing tuples per destination task (task thread only), so that stream managers
 * forward whole batches. Hands every open batch over when together they hold the batch size, or when
 * the oldest tuple waited the flush time.
 */
final class TupleOutbox {
    /** Receives finished TASK_BATCH frames; may block (back pressure). */
    @FunctionalInterface
    public interface Sink {
        void accept(ByteBuf frame) throws InterruptedException;

        /** Every frame of one flush was handed over: they may go out together. */
        default void flushed() throws InterruptedException {}

        /**
         * Whether every frame handed over is written, or dropped, by the time {@link #flushed} returns.
         * Then the outbox builds later batches in their arrays.
         */
        default boolean doneWithFramesWhenFlushed() {
            return false;
        }
    }

    private final int batchTuples;
    private final long flushNanos;
    private final Sink sink;
    /** By destination task id: Storm's task ids are small and dense. */
    private TaskBatchWriter[] writers = new TaskBatchWriter[16];
    /** Writers holding tuples, in the order of their first tuple. */
    private final List<TaskBatchWriter> open = new ArrayList<>();

    private int pending;
    private long firstAt;

    public TupleOutbox(int batchTuples, long flushMillis, Sink sink) {
        this.batchTuples = batchTuples;
        this.flushNanos = flushMillis * 1_000_000L;
        this.sink = sink;
    }

    /** Adds one tuple for {@code destTask}; {@code roots} null for an unanchored tuple. See {@link #flushIfFull}. */
    public void add(
            int destTask, int sourceTask, byte[] streamUtf8, byte[] values, int valuesLength, TupleRoots roots) {
        TaskBatchWriter w = writer(destTask);
        if (w.count() == 0) {
            open.add(w);
        }
        if (pending == 0) {
            firstAt = System.nanoTime();
        }
        w.add(sourceTask, streamUtf8, values, valuesLength, roots);
        pending++;
    }

    /**
     * Hands every open batch over once together they hold the batch size. Called after a whole emit,
     * never between its copies: a spout's INIT for a tree must reach the stream manager before any copy
     * of its tuple, so that an ACK for a root the tracker does not know can be dropped.
     */
    public void flushIfFull() {
        if (pending >= batchTuples) {
            flush();
        }
    }

    private TaskBatchWriter writer(int task) {
        if (task < 0) {
            throw new IllegalArgumentException("negative destination task " + task);
        }
        if (task >= writers.length) {
            writers = Arrays.copyOf(writers, Math.max(task + 1, writers.length * 2));
        }
        TaskBatchWriter w = writers[task];
        if (w == null) {
            w = new TaskBatchWriter(task);
            writers[task] = w;
        }
        return w;
    }

    /** Sends the partial batches if their oldest tuple waited the flush time. */
    public void flushIfDue(long nowNanos) {
        if (pending > 0 && nowNanos - firstAt >= flushNanos) {
            flush();
        }
    }

    /** Nanoseconds until the partial batches are due, or Long.MAX_VALUE when there are none. */
    public long nanosUntilDue(long nowNanos) {
        return pending == 0 ? Long.MAX_VALUE : Math.max(0, firstAt + flushNanos - nowNanos);
    }

    public void flush() {
        if (pending == 0) {
            return;
        }
        int i = 0;
        try {
            for (; i < open.size(); i++) {
                sink.accept(open.get(i).take());
            }
            sink.flushed();
            if (sink.doneWithFramesWhenFlushed()) {
                for (int j = 0; j < open.size(); j++) {
                    open.get(j).written();
                }
            }
        } catch (InterruptedException e) {
            // the task is stopping: what was not handed over is dropped (acking replays it)
            for (; i < open.size(); i++) {
                open.get(i).take();
            }
            Thread.currentThread().interrupt();
            throw new RuntimeException("interrupted while handing over a tuple batch", e);
        } finally {
            open.clear();
            pending = 0;
        }
    }

    /** Tuples not yet handed over. */
    public int pending() {
        return pending;
    }
}
