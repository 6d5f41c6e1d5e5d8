package org.egret.instance;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collector calls made on threads other than the task thread (a ShellBolt's reader, a window's
 * trigger, a client library's callback), run on the task thread in the order they were made.
 *
 * <p>Everything a call touches (the outbox, the acking tracker, the metrics) belongs to the task
 * thread, so the task thread's own calls stay lock-free and only other threads pay for the hand-over.
 * Before each of its own collector calls the task thread runs what is queued: a user who orders an
 * emit on another thread before an ack on the task thread (a future's get, a latch) gets that order.
 * The queue is bounded: when the task thread falls behind, the other threads wait, as emits wait
 * on Storm's bounded queues.
 */
final class OffThreadCalls {
    private static final Logger LOG = LoggerFactory.getLogger(OffThreadCalls.class);
    /** Enough to keep a busy callback thread going; each call holds one tuple's values. */
    static final int CAPACITY = 4096;

    private final LinkedBlockingQueue<Runnable> calls = new LinkedBlockingQueue<>(CAPACITY);
    /** Set by the first call queued since the task thread last took calls; cleared as it takes them. */
    private final AtomicBoolean wakeRequested = new AtomicBoolean();

    private final Runnable wakeTaskThread;
    private volatile Thread taskThread;
    private boolean running;

    /** {@code wakeTaskThread} ends the task thread's wait for input, so a queued call is run at once. */
    OffThreadCalls(Runnable wakeTaskThread) {
        this.wakeTaskThread = wakeTaskThread;
    }

    /** Called first thing on the task thread, before open or prepare. */
    void bindTaskThread() {
        taskThread = Thread.currentThread();
    }

    boolean onTaskThread() {
        return Thread.currentThread() == taskThread;
    }

    /**
     * Queues a call for the task thread, waiting while the queue is full. A thread interrupted while
     * it waits (ShellBolt's reader as the bolt is cleaned up) gives its call up: the task is stopping,
     * and acking replays what the call would have sent.
     */
    void submit(Runnable call) {
        // offer first: a thread whose interrupt flag is already set still gets its call queued
        if (!calls.offer(call)) {
            try {
                calls.put(call);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.debug(
                        "a collector call from interrupted thread {} was given up",
                        Thread.currentThread().getName());
                return;
            }
        }
        if (!wakeRequested.getAndSet(true)) {
            wakeTaskThread.run();
        }
    }

    /** Runs the queued calls (task thread). A call that itself uses the collector does not run them again. */
    void runPending() {
        // the flag, not the queue's size: one plain load on the task thread's path when nothing waits
        if (!wakeRequested.get() || running) {
            return;
        }
        running = true;
        try {
            // cleared before taking: a call queued after the last take then wakes the task thread again
            wakeRequested.set(false);
            Runnable call;
            while ((call = calls.poll()) != null) {
                call.run();
            }
        } finally {
            running = false;
        }
    }
}
