package org.egret.acking;

/**
 * The stream manager's half of acking: per root (one spout tuple's tree), the XOR of the edge ids
 * seen so far. A tree starts with its spout's INIT, which reaches the stream manager before any
 * copy of the tuple leaves it (the instance queues the INIT first, and the stream manager reads the
 * spout's connection in order); it is complete when its XOR is zero. Roots untouched for the message
 * timeout are forgotten (the spout instance times them out itself and fails them). Event-loop thread only.
 *
 * <p>Bounded whatever peers send: an ACK, FAIL or RESET for a root that is not tracked (forged, or
 * late after the tree completed, failed or was forgotten) is dropped and allocates nothing, and at
 * most {@code maxTrees} trees are tracked: an INIT beyond that fails its tree at once, so its spout
 * replays it later as it would after a timeout.
 */
public final class XorTracker {
    /** What the tracker tells the spout's instance. */
    public interface Listener {
        void completed(long root);

        void failed(long root);
    }

    private static final class Entry {
        long xor;
    }

    private final RotatingMap<Entry> pending;
    private final Listener listener;
    private final int maxTrees;
    private long unknownRootEvents;
    private long refusedTrees;

    /**
     * {@code buckets} generations, and at most {@code maxTrees} trees at a time. The owner calls
     * {@link #rotate()} once per period of its choosing: a root untouched for {@code buckets - 1} to
     * {@code buckets} periods is forgotten.
     */
    public XorTracker(int buckets, int maxTrees, Listener listener) {
        if (maxTrees < 1) {
            throw new IllegalArgumentException("maxTrees must be at least 1, got " + maxTrees);
        }
        this.pending = new RotatingMap<>(buckets);
        this.maxTrees = maxTrees;
        this.listener = listener;
    }

    /** A spout's new tree (the XOR of the edges of its copies); a second INIT of a root XORs in. */
    public void init(long root, long value) {
        Entry e = pending.get(root);
        if (e == null) {
            if (pending.size() >= maxTrees) {
                refusedTrees++;
                listener.failed(root);
                return;
            }
            e = new Entry();
        }
        update(root, e, value);
    }

    public void ack(long root, long value) {
        Entry e = pending.get(root);
        if (e == null) {
            unknownRootEvents++;
            return;
        }
        update(root, e, value);
    }

    private void update(long root, Entry e, long value) {
        e.xor ^= value;
        if (e.xor == 0) {
            pending.remove(root);
            listener.completed(root);
        } else {
            pending.put(root, e);
        }
    }

    /** An explicit fail: the tree is abandoned and the spout told at once. */
    public void fail(long root) {
        if (pending.remove(root) == null) {
            unknownRootEvents++;
            return;
        }
        listener.failed(root);
    }

    /**
     * A bolt's resetTimeout: the tree counts as touched now, here as at the spout. False (nothing for the
     * spout) when the root is not tracked.
     */
    public boolean reset(long root) {
        Entry e = pending.get(root);
        if (e == null) {
            unknownRootEvents++;
            return false;
        }
        pending.put(root, e);
        return true;
    }

    /** Forgets roots untouched for a whole generation; returns how many. */
    public int rotate() {
        return pending.rotate().size();
    }

    public int size() {
        return pending.size();
    }

    /** ACK, FAIL and RESET events dropped because their root was not tracked, in total. */
    public long unknownRootEvents() {
        return unknownRootEvents;
    }

    /** INITs failed at once because {@code maxTrees} trees were tracked, in total. */
    public long refusedTrees() {
        return refusedTrees;
    }
}
