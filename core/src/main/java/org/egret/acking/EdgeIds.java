package org.egret.acking;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Edge and root ids of Storm's acking scheme as Egret carries them: edges are random 64-bit ids
 * (as on Storm); a root id also names its spout's task, so that acking events can be routed to the
 * stream manager that tracks the tree without a lookup table.
 */
public final class EdgeIds {
    private static final int TASK_BITS = 16;
    private static final long SEQUENCE_MASK = (1L << (64 - TASK_BITS)) - 1;

    private EdgeIds() {}

    /** A fresh random edge id; never 0, since 0 means "no edge". */
    public static long newEdge() {
        long e;
        do {
            e = ThreadLocalRandom.current().nextLong();
        } while (e == 0);
        return e;
    }

    /** A root id: the spout's task in the top bits (so acks find its container), a sequence below. */
    public static long root(int spoutTask, long sequence) {
        if (spoutTask < 0 || spoutTask >= (1 << (TASK_BITS - 1))) {
            throw new IllegalArgumentException("spout task id out of range for acking: " + spoutTask);
        }
        return ((long) spoutTask << (64 - TASK_BITS)) | (sequence & SEQUENCE_MASK);
    }

    public static int spoutTaskOf(long root) {
        return (int) (root >>> (64 - TASK_BITS));
    }

    /** A random start for a spout's root sequence, so a restarted spout's roots do not meet old ones. */
    public static long randomSequenceStart() {
        return ThreadLocalRandom.current().nextLong() & SEQUENCE_MASK;
    }
}
