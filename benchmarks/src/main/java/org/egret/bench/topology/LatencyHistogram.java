package org.egret.bench.topology;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Log-linear histogram of microsecond latencies (about 3% relative precision, 1 us to ~17 min),
 * written by one thread and read by another: the writer uses lazySet, so recording costs a plain
 * store, and a reader sees a slightly stale but consistent-enough snapshot.
 */
public final class LatencyHistogram {
    /** Sub-buckets per power of two. */
    static final int SUB_BITS = 5;

    static final int SUB = 1 << SUB_BITS;
    public static final int BUCKETS = 40 * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Index of a value in microseconds (negative values count as 0). */
    public static int index(long us) {
        if (us < SUB) {
            return (int) Math.max(us, 0);
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(us) - SUB_BITS + 1; // >= 1
        int sub = (int) (us >>> (magnitude - 1)) - SUB; // 0..SUB-1
        return Math.min(magnitude * SUB + sub, BUCKETS - 1);
    }

    /** The smallest value in microseconds that lands in bucket {@code index}. */
    public static long lowerBound(int index) {
        if (index < SUB) {
            return index;
        }
        int magnitude = index / SUB;
        int sub = index % SUB;
        return (long) (SUB + sub) << (magnitude - 1);
    }

    /** A representative value of bucket {@code index}: the middle of its range. */
    public static double midpoint(int index) {
        long lo = lowerBound(index);
        long hi = index + 1 < BUCKETS ? lowerBound(index + 1) : lo + 1;
        return (lo + hi - 1) / 2.0;
    }

    /** Single writer only. */
    public void record(long us) {
        int i = index(us);
        counts.lazySet(i, counts.get(i) + 1);
    }

    /** Non-zero buckets as {@code index:count,...} (empty when nothing was recorded). */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < BUCKETS; i++) {
            long c = counts.get(i);
            if (c != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(i).append(':').append(c);
            }
        }
        return sb.toString();
    }
}
