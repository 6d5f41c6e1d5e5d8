package org.egret.config;

/** Keys of the instance (task JVM) role; declared here because core's registry lists them. */
public final class InstanceKeys {
    private InstanceKeys() {}

    public static final ConfigKey<Integer> JVM_OVERHEAD_MB = ConfigKey.integer(
            "egret.instance.jvm.overhead.mb",
            64,
            0,
            65536,
            "Memory a task JVM uses beyond its heap (metaspace, threads, buffers), added to its RAM.");

    public static final ConfigKey<String> JVM_OPTS = ConfigKey.string(
            "egret.instance.jvm.opts",
            "",
            "Extra JVM options for every task JVM (topology.worker.childopts is added after these).");

    public static final ConfigKey<String> GC_OPTS = ConfigKey.string(
            "egret.instance.gc.opts",
            "-XX:+UseParallelGC -XX:ParallelGCThreads=2 -Xmn32m",
            "Garbage collector of every task JVM and the sizing that goes with it, left out when"
                    + " egret.instance.jvm.opts or topology.worker.childopts choose one (-XX:+Use...GC). Each task is its own"
                    + " JVM with a small heap: G1's write barriers and background threads cost more throughput than its"
                    + " short pauses are worth there, and a few GC threads per JVM keep a many-core host from running"
                    + " hundreds. A task's tuples die young: a fixed 32 MB young generation collects them as fast as the"
                    + " parallel collector's adaptive sizing, which grows it towards the whole heap and keeps it touched"
                    + " (16 MB cost WordCount 5% of its throughput). A task whose heap is smaller gets a young generation"
                    + " just under its heap.");

    public static final ConfigKey<Integer> RECEIVE_BYTES = ConfigKey.integer(
            "egret.instance.receive.bytes",
            256 << 10,
            4 << 10,
            64 << 20,
            "How much an instance's task thread reads from its stream manager at a time"
                    + " (a larger batch grows it), and the size of its socket's receive buffer. What it has not read waits"
                    + " there, so a slow task holds back its stream manager, which then starts back pressure.");

    public static final ConfigKey<Integer> BATCH_TUPLES = ConfigKey.integer(
            "egret.instance.batch.tuples",
            1024,
            1,
            1 << 20,
            "Tuples an instance puts in one batch before it sends it to its stream manager.");

    public static final ConfigKey<Integer> FLUSH_MS = ConfigKey.integer(
            "egret.instance.flush.ms", 5, 1, 10000, "How long an instance holds a partial batch before it sends it.");

    public static final ConfigKey<Integer> SPOUT_MAX_PENDING = ConfigKey.integer(
            "egret.instance.spout.max.pending",
            1_000_000,
            1,
            1 << 28,
            "With acking on, the tracked tuples a spout task may have in flight when its"
                    + " topology.max.spout.pending is not set (Storm's default: no limit): at this many it stops calling"
                    + " nextTuple until some are acked, failed or timed out, as at topology.max.spout.pending. Keeps the"
                    + " spout's pending map and its stream manager's tuple trees bounded (egret.stmgr.max.tracked.trees).");

    public static final ConfigKey<Integer> METRICS_INTERVAL_MS = ConfigKey.integer(
            "egret.instance.metrics.interval.ms",
            5000,
            100,
            3600000,
            "How often an instance sends its metrics to the metrics manager.");
}
