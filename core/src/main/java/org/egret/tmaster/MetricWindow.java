package org.egret.tmaster;

import java.util.Arrays;

/**
 * One metric of one source over the TM's last {@code n} time buckets, in fixed arrays: a ring
 * indexed by bucket number, where a slot whose stored epoch is not the one asked for is empty.
 * Memory stays constant however long the topology runs.
 */
final class MetricWindow {
    final boolean gauge;
    private final long[] epochs;
    private final double[] sums;
    private final int[] counts;
    private String text;

    MetricWindow(boolean gauge, int buckets) {
        this.gauge = gauge;
        this.epochs = new long[buckets];
        this.sums = new double[buckets];
        this.counts = new int[buckets];
        Arrays.fill(epochs, -1);
    }

    void add(long epoch, double value) {
        int slot = slot(epoch);
        if (epochs[slot] != epoch) {
            epochs[slot] = epoch;
            sums[slot] = 0;
            counts[slot] = 0;
        }
        sums[slot] += value;
        counts[slot]++;
    }

    void text(String latest) {
        text = latest;
    }

    String text() {
        return text;
    }

    /** The bucket's value: a counter's sum, a gauge's mean; NaN when nothing was reported in it. */
    double value(long epoch) {
        int slot = slot(epoch);
        if (epochs[slot] != epoch || counts[slot] == 0) {
            return Double.NaN;
        }
        return gauge ? sums[slot] / counts[slot] : sums[slot];
    }

    /** Over buckets {@code from..to}: a counter's total, a gauge's mean of all reports; NaN when empty. */
    double aggregate(long from, long to) {
        double sum = 0;
        long count = 0;
        for (long e = Math.max(from, to - epochs.length + 1); e <= to; e++) {
            int slot = slot(e);
            if (epochs[slot] == e) {
                sum += sums[slot];
                count += counts[slot];
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        return gauge ? sum / count : sum;
    }

    /** The newest bucket in {@code from..to} with data, or NaN. */
    double last(long from, long to) {
        for (long e = to; e >= Math.max(from, to - epochs.length + 1); e--) {
            double v = value(e);
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        return Double.NaN;
    }

    private int slot(long epoch) {
        return (int) Math.floorMod(epoch, (long) epochs.length);
    }
}
