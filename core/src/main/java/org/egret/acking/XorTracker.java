package org.egret.acking;

/**
 * The stream manager's half of acking: per root (one spout tuple's tree), the XOR of the edge ids
 * seen so far. A root is complete when its INIT has arrived and the XOR is zero; events may arrive
 * in any order, since XOR is commutative. Roots untouched for the message timeout are forgotten
 * (the spout instance times them out itself and fails them). Event-loop thread only.
 */
public final class XorTracker {
  /** What the tracker tells the spout's instance. */
  public interface Listener {
    void completed(long root);

    void failed(long root);
  }

  private static final class Entry {
    long xor;
    boolean initialized;
  }

  private final RotatingMap<Entry> pending;
  private final Listener listener;

  /** {@code buckets} generations; the owner calls {@link #rotate()} every timeout/(buckets-1). */
  public XorTracker(int buckets, Listener listener) {
    this.pending = new RotatingMap<>(buckets);
    this.listener = listener;
  }

  public void init(long root, long value) {
    update(root, value, true);
  }

  public void ack(long root, long value) {
    update(root, value, false);
  }

  private void update(long root, long value, boolean init) {
    Entry e = pending.get(root);
    if (e == null) {
      e = new Entry();
    }
    e.xor ^= value;
    e.initialized |= init;
    if (e.initialized && e.xor == 0) {
      pending.remove(root);
      listener.completed(root);
    } else {
      pending.put(root, e);
    }
  }

  /** An explicit fail: the tree is abandoned and the spout told at once. */
  public void fail(long root) {
    pending.remove(root);
    listener.failed(root);
  }

  /** Forgets roots untouched for a whole generation; returns how many. */
  public int rotate() {
    return pending.rotate().size();
  }

  public int size() {
    return pending.size();
  }
}
