package org.egret.instance;

import java.util.Arrays;
import org.egret.net.frame.TupleRoots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a bolt's task does with a tuple whose values cannot be decoded (a poison tuple: bytes its
 * Kryo refuses, a serializer that throws, a declared length beyond the frame). The task keeps
 * running: the tuple is counted ({@value #METRIC}), reported as the bolt's error (the path of
 * {@code collector.reportError}, so the Topology Master's exception log and the Tracker show it), and
 * its trees are failed, so their spouts replay or give up on them as they do for any failed tuple.
 * Storm's worker dies on such a tuple instead, and its supervisor restarts it; here one bad sender
 * would crash-loop the task until its executor gave it up. Task thread only.
 */
final class PoisonTuples {
    static final String METRIC = "deserialize-failures";
    private static final Logger LOG = LoggerFactory.getLogger(PoisonTuples.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final int MAX_CAUSE_FRAMES = 30;

    /** The error reported for one dropped tuple; the decoding failure is its cause. */
    static final class PoisonTupleException extends RuntimeException {
        PoisonTupleException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final int taskId;
    private final TaskMetrics metrics;
    /** Null when acking is off: there is no tree to fail. */
    private final ReliableAckTracker reliable;

    private long lastLogNanos;
    private long unlogged;

    PoisonTuples(int taskId, TaskMetrics metrics, ReliableAckTracker reliable) {
        this.taskId = taskId;
        this.metrics = metrics;
        this.reliable = reliable;
    }

    /** Drops the current tuple of a batch: {@code roots} are its acking fields, read without its values. */
    void drop(String sourceComponent, int sourceTask, String stream, TupleRoots roots, Throwable cause) {
        metrics.inc(METRIC);
        // a nesting bomb's stack overflow carries a thousand frames of the same reader: the top ones say it
        StackTraceElement[] frames = cause.getStackTrace();
        if (frames.length > MAX_CAUSE_FRAMES) {
            cause.setStackTrace(Arrays.copyOf(frames, MAX_CAUSE_FRAMES));
        }
        String trees = reliable == null ? "" : ", its " + roots.size() + " tuple tree(s) failed";
        PoisonTupleException e = new PoisonTupleException(
                "task " + taskId + " dropped a tuple it cannot deserialize," + " from task " + sourceTask + " ("
                        + sourceComponent + ") on stream " + stream + trees + ": " + cause,
                cause);
        metrics.exception(e);
        if (reliable != null) {
            reliable.failRoots(roots);
        }
        // a sender that keeps sending them must not fill the log: one line per 10 s, with the count
        long now = System.nanoTime();
        if (lastLogNanos == 0 || now - lastLogNanos >= LOG_EVERY_NANOS) {
            LOG.error(
                    "{} (roots {}; {} more such tuples since the last such line)",
                    e.getMessage(),
                    rootsOf(roots),
                    unlogged,
                    cause);
            lastLogNanos = now;
            unlogged = 0;
        } else {
            unlogged++;
        }
    }

    private static String rootsOf(TupleRoots roots) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < roots.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Long.toHexString(roots.root(i)));
        }
        return sb.append(']').toString();
    }
}
