package org.egret.acking;

import io.netty.util.collection.LongObjectHashMap;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;

/**
 * A map from tuple-tree ids whose entries expire in generations, as Storm's RotatingMap:
 * {@link #rotate()} drops the oldest bucket and returns it. An entry that is written again moves to
 * the newest bucket, so with {@code buckets} buckets rotated every T an entry lives between
 * (buckets-1)*T and buckets*T after its last write. Keys stay primitive: every tracked tuple passes
 * through these maps a few times. Not thread-safe: each owner uses it from one thread.
 *
 * <p>Keys are scrambled on the way in: root ids are sequential, and the open-addressing map indexes
 * by their low bits, so they would form one long run of occupied slots that every removal must
 * walk and compact.
 */
public final class RotatingMap<V> {
    private final ArrayDeque<LongObjectHashMap<V>> buckets = new ArrayDeque<>();

    public RotatingMap(int buckets) {
        if (buckets < 2) {
            throw new IllegalArgumentException("need at least 2 buckets");
        }
        for (int i = 0; i < buckets; i++) {
            this.buckets.add(new LongObjectHashMap<>());
        }
    }

    public void put(long key, V value) {
        key = scramble(key);
        Iterator<LongObjectHashMap<V>> it = buckets.iterator();
        it.next().put(key, value);
        while (it.hasNext()) {
            it.next().remove(key);
        }
    }

    public V get(long key) {
        key = scramble(key);
        for (LongObjectHashMap<V> b : buckets) {
            V v = b.get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    public boolean containsKey(long key) {
        return get(key) != null;
    }

    public V remove(long key) {
        key = scramble(key);
        for (LongObjectHashMap<V> b : buckets) {
            V v = b.remove(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    public int size() {
        int n = 0;
        for (LongObjectHashMap<V> b : buckets) {
            n += b.size();
        }
        return n;
    }

    /** Drops the oldest generation and returns what it held. */
    public Collection<V> rotate() {
        LongObjectHashMap<V> dead = buckets.removeLast();
        buckets.addFirst(new LongObjectHashMap<>());
        return dead.values();
    }

    /** MurmurHash3's 64-bit finalizer: a bijection, so distinct ids stay distinct keys. */
    static long scramble(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
