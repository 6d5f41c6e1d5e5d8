package org.egret.acking;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A map whose entries expire in generations, as Storm's RotatingMap: {@link #rotate()} drops the
 * oldest bucket and returns it. An entry that is written again moves to the newest bucket, so
 * with {@code buckets} buckets rotated every T an entry lives between (buckets-1)*T and buckets*T
 * after its last write. Not thread-safe: each owner uses it from one thread.
 */
public final class RotatingMap<K, V> {
  private final ArrayDeque<HashMap<K, V>> buckets = new ArrayDeque<>();

  public RotatingMap(int buckets) {
    if (buckets < 2) {
      throw new IllegalArgumentException("need at least 2 buckets");
    }
    for (int i = 0; i < buckets; i++) {
      this.buckets.add(new HashMap<>());
    }
  }

  public void put(K key, V value) {
    Iterator<HashMap<K, V>> it = buckets.iterator();
    it.next().put(key, value);
    while (it.hasNext()) {
      it.next().remove(key);
    }
  }

  public V get(K key) {
    for (HashMap<K, V> b : buckets) {
      V v = b.get(key);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  public boolean containsKey(K key) {
    return get(key) != null;
  }

  public V remove(K key) {
    for (HashMap<K, V> b : buckets) {
      V v = b.remove(key);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  public int size() {
    int n = 0;
    for (HashMap<K, V> b : buckets) {
      n += b.size();
    }
    return n;
  }

  /** Drops the oldest generation and returns what it held. */
  public Map<K, V> rotate() {
    HashMap<K, V> dead = buckets.removeLast();
    buckets.addFirst(new HashMap<>());
    return dead;
  }
}
