package org.egret.packing;

import java.math.BigDecimal;

/**
 * What one instance, or a sum of instances, occupies in a container: total memory (heap, off-heap and
 * JVM overhead), CPU and disk.
 *
 * <p>CPU is kept in thousandths of a core so that sums are exact: adding ten 0.1-core doubles gives
 * 1.0000000000000002, which would round up to 2 whole cores.
 */
record Footprint(long ramMb, long cpuMillis, long diskMb) {
    static final Footprint ZERO = new Footprint(0, 0, 0);

    Footprint plus(Footprint other) {
        return new Footprint(ramMb + other.ramMb, cpuMillis + other.cpuMillis, diskMb + other.diskMb);
    }

    /** True when every dimension is at most the other's. */
    boolean fitsWithin(Footprint capacity) {
        return ramMb <= capacity.ramMb && cpuMillis <= capacity.cpuMillis && diskMb <= capacity.diskMb;
    }

    /** Rounds up, so a reservation never falls below what was asked (1e-6 absorbs binary noise). */
    static long cpuMillis(double cores) {
        return (long) Math.ceil(cores * 1000 - 1e-6);
    }

    /** Cores for messages: "7.5", not "7.500" or "7.499999". */
    static String cores(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }
}
