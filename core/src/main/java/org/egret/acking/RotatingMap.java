package org.egret.acking;

import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A map from tuple-tree roots whose entries expire in generations, as Storm's RotatingMap: each
 * {@link #rotate()} starts a generation and returns the entries last written {@code buckets}
 * generations ago, so with rotations every T an entry lives between (buckets-1)*T and buckets*T after
 * its last write. Not thread-safe: each owner uses it from one thread.
 *
 * <p>Every tracked tuple passes through these maps a few times, so the layout follows the keys. A root
 * is its spout's task over a sequence that the spout counts up ({@link EdgeIds#root}), and the roots
 * in flight are a window of one spout's recent sequences. Each spout task therefore gets a ring of
 * slots indexed by the sequence's low bits: a put, get or remove reads one slot, with no hashing and
 * no probing. A root whose slot is held by another (one that stayed pending while the ring went
 * round, or keys that are not sequential) moves the older one to a hash map beside the rings, so
 * nothing is lost, only slower; a ring that keeps displacing entries doubles, up to {@link
 * #MAX_RING_SLOTS}. A ring is made only by a put, so lookups of unknown roots allocate nothing.
 */
public final class RotatingMap<V> {
    static final int MIN_RING_SLOTS = 1 << 10;
    static final int MAX_RING_SLOTS = 1 << 16;

    private static final class Ring {
        long[] roots = new long[MIN_RING_SLOTS];
        Object[] values = new Object[MIN_RING_SLOTS];
        int[] written = new int[MIN_RING_SLOTS];
        /** Entries of this ring's task moved to {@code displaced} since the ring last grew. */
        int displacedSinceGrowth;

        int mask() {
            return roots.length - 1;
        }
    }

    private static final class Displaced {
        Object value;
        int written;

        Displaced(Object value, int written) {
            this.value = value;
            this.written = written;
        }
    }

    private final int buckets;
    private final IntObjectHashMap<Ring> rings = new IntObjectHashMap<>();
    private final LongObjectHashMap<Displaced> displaced = new LongObjectHashMap<>();
    private int lastTask = -1;
    private Ring lastRing;
    private int generation;
    private int size;

    public RotatingMap(int buckets) {
        if (buckets < 2) {
            throw new IllegalArgumentException("need at least 2 buckets");
        }
        this.buckets = buckets;
    }

    private Ring ring(long root, boolean create) {
        int task = EdgeIds.spoutTaskOf(root);
        if (task == lastTask) {
            return lastRing;
        }
        Ring r = rings.get(task);
        if (r == null) {
            if (!create) {
                return null;
            }
            r = new Ring();
            rings.put(task, r);
        }
        lastTask = task;
        lastRing = r;
        return r;
    }

    public void put(long root, V value) {
        Objects.requireNonNull(value, "value"); // an empty slot is a null value
        Ring r = ring(root, true);
        int i = (int) root & r.mask();
        Object held = r.values[i];
        if (held != null && r.roots[i] == root) {
            r.values[i] = value;
            r.written[i] = generation;
            return;
        }
        if (!displaced.isEmpty()) {
            Displaced d = displaced.get(root);
            if (d != null) {
                d.value = value;
                d.written = generation;
                return;
            }
        }
        if (held != null) {
            displace(r, i);
            if (++r.displacedSinceGrowth > r.roots.length / 4 && r.roots.length < MAX_RING_SLOTS) {
                grow(r, EdgeIds.spoutTaskOf(root));
                i = (int) root & r.mask();
                if (r.values[i] != null) {
                    displace(r, i);
                }
            }
        }
        r.roots[i] = root;
        r.values[i] = value;
        r.written[i] = generation;
        size++;
    }

    private void displace(Ring r, int i) {
        displaced.put(r.roots[i], new Displaced(r.values[i], r.written[i]));
        r.values[i] = null;
    }

    /** Doubles a ring, and takes back the displaced entries of its task that find a free slot. */
    private void grow(Ring r, int task) {
        long[] roots = r.roots;
        Object[] values = r.values;
        int[] written = r.written;
        int n = roots.length * 2;
        r.roots = new long[n];
        r.values = new Object[n];
        r.written = new int[n];
        r.displacedSinceGrowth = 0;
        int mask = n - 1;
        for (int i = 0; i < roots.length; i++) {
            if (values[i] != null) {
                int j = (int) roots[i] & mask; // the old slots are distinct residues, so they stay apart
                r.roots[j] = roots[i];
                r.values[j] = values[i];
                r.written[j] = written[i];
            }
        }
        for (Iterator<LongObjectMap.PrimitiveEntry<Displaced>> it =
                        displaced.entries().iterator();
                it.hasNext(); ) {
            LongObjectMap.PrimitiveEntry<Displaced> e = it.next();
            long root = e.key();
            int j = (int) root & mask;
            if (EdgeIds.spoutTaskOf(root) == task && r.values[j] == null) {
                r.roots[j] = root;
                r.values[j] = e.value().value;
                r.written[j] = e.value().written;
                it.remove();
            }
        }
    }

    @SuppressWarnings("unchecked")
    public V get(long root) {
        Ring r = ring(root, false);
        if (r != null) {
            int i = (int) root & r.mask();
            Object v = r.values[i];
            if (v != null && r.roots[i] == root) {
                return (V) v;
            }
        }
        if (displaced.isEmpty()) {
            return null;
        }
        Displaced d = displaced.get(root);
        return d == null ? null : (V) d.value;
    }

    @SuppressWarnings("unchecked")
    public V remove(long root) {
        Ring r = ring(root, false);
        if (r != null) {
            int i = (int) root & r.mask();
            Object v = r.values[i];
            if (v != null && r.roots[i] == root) {
                r.values[i] = null;
                size--;
                return (V) v;
            }
        }
        if (displaced.isEmpty()) {
            return null;
        }
        Displaced d = displaced.remove(root);
        if (d == null) {
            return null;
        }
        size--;
        return (V) d.value;
    }

    public int size() {
        return size;
    }

    /** The slots of the ring of a root's spout task, 0 without one: for tests. */
    int ringSlots(long root) {
        Ring r = ring(root, false);
        return r == null ? 0 : r.roots.length;
    }

    /** Entries held outside the rings: for tests. */
    int displacedEntries() {
        return displaced.size();
    }

    /** Starts a generation and removes and returns the entries that have now expired. */
    @SuppressWarnings("unchecked")
    public List<V> rotate() {
        generation++;
        int expired = generation - buckets; // written in this generation or before
        List<V> dead = new ArrayList<>();
        for (Ring r : rings.values()) {
            for (int i = 0; i < r.values.length; i++) {
                if (r.values[i] != null && r.written[i] - expired <= 0) {
                    dead.add((V) r.values[i]);
                    r.values[i] = null;
                }
            }
        }
        for (Iterator<Displaced> it = displaced.values().iterator(); it.hasNext(); ) {
            Displaced d = it.next();
            if (d.written - expired <= 0) {
                dead.add((V) d.value);
                it.remove();
            }
        }
        size -= dead.size();
        return dead;
    }
}
