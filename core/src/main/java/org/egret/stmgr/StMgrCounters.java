package org.egret.stmgr;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricType;
import org.egret.proto.MetricsBatch;

/** The stream manager's traffic counters since the last report. Event-loop confined. */
final class StMgrCounters {
    long tuplesFromInstances;
    long tuplesFromPeers;
    long tuplesToInstances;
    long tuplesToPeers;
    long tuplesDropped;
    long batchesIn;
    long bytesIn;
    long bytesOut;
    long ackEventsIn;
    long ackEventsDropped;
    long ackEventsUnknownRoot;
    long ackTreesRefused;
    /** A level, not a count: the trees tracked when the report is made. */
    long ackTreesTracked;

    private long reportedUnknownRootEvents;
    private long reportedRefusedTrees;
    long backpressureMs;
    long spoutsPausedMs;
    long backpressureInitiated;
    Map<String, Long> backpressureByCause = Map.of();

    /** The counts as a metrics batch, then zero. */
    /** The acking tracker's running totals: this interval's share of them goes out with the next drain. */
    void takeTrackerTotals(long unknownRootEvents, long refusedTrees, long trackedTrees) {
        ackEventsUnknownRoot = unknownRootEvents - reportedUnknownRootEvents;
        ackTreesRefused = refusedTrees - reportedRefusedTrees;
        ackTreesTracked = trackedTrees;
        reportedUnknownRootEvents = unknownRootEvents;
        reportedRefusedTrees = refusedTrees;
    }

    MetricsBatch drain(String source, long nowMs) {
        MetricsBatch b = MetricsBatch.newBuilder()
                .setSource(source)
                .setComponent("__stmgr")
                .setTaskId(-1)
                .setTimestampMs(nowMs)
                .addMetrics(datum("tuples-in-from-instances", tuplesFromInstances))
                .addMetrics(datum("tuples-in-from-stmgrs", tuplesFromPeers))
                .addMetrics(datum("tuples-out-to-instances", tuplesToInstances))
                .addMetrics(datum("tuples-out-to-stmgrs", tuplesToPeers))
                .addMetrics(datum("tuples-dropped", tuplesDropped))
                .addMetrics(datum("batches-in", batchesIn))
                .addMetrics(datum("bytes-in", bytesIn))
                .addMetrics(datum("bytes-out", bytesOut))
                .addMetrics(datum("ack-events-in", ackEventsIn))
                .addMetrics(datum("ack-events-dropped", ackEventsDropped))
                .addMetrics(datum("ack-events-unknown-root", ackEventsUnknownRoot))
                .addMetrics(datum("ack-trees-refused", ackTreesRefused))
                .addMetrics(
                        datum("ack-trees-tracked", ackTreesTracked).toBuilder().setType(MetricType.GAUGE))
                .addMetrics(datum("backpressure-ms", backpressureMs))
                .addMetrics(datum("backpressure-spouts-paused-ms", spoutsPausedMs))
                .addMetrics(datum("backpressure-initiated", backpressureInitiated))
                .addMetrics(datum("jvm-heap-used-bytes", heapUsed()))
                .addAllMetrics(backpressureByCause.entrySet().stream()
                        .map(e -> datum("backpressure-by/" + e.getKey(), e.getValue()))
                        .toList())
                .build();
        tuplesFromInstances = tuplesFromPeers = tuplesToInstances = tuplesToPeers = tuplesDropped = 0;
        batchesIn = bytesIn = bytesOut = 0;
        ackEventsIn = ackEventsDropped = ackEventsUnknownRoot = ackTreesRefused = 0;
        backpressureMs = spoutsPausedMs = backpressureInitiated = 0;
        backpressureByCause = Map.of();
        return b;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static MetricDatum datum(String name, long value) {
        return MetricDatum.newBuilder()
                .setName(name)
                .setValue(Long.toString(value))
                .build();
    }
}
