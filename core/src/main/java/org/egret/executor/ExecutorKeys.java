package org.egret.executor;

import org.egret.config.ConfigKey;

public final class ExecutorKeys {
    private ExecutorKeys() {}

    public static final ConfigKey<Long> RESTART_BACKOFF_MS = ConfigKey.longKey(
            "egret.executor.restart.backoff.ms",
            1000,
            0,
            600000,
            "First delay before a dead process of the container is restarted; doubles each time.");

    public static final ConfigKey<Long> RESTART_BACKOFF_MAX_MS =
            ConfigKey.longKey("egret.executor.restart.backoff.max.ms", 30000, 0, 3600000, "Longest restart delay.");

    public static final ConfigKey<Integer> MAX_RESTARTS = ConfigKey.integer(
            "egret.executor.max.restarts",
            10,
            0,
            1000000,
            "Restarts in a row (without a stable run) after which the executor gives a process up and "
                    + "exits 3, so that the scheduler replaces the container; the local scheduler restarts an executor as often "
                    + "in a row before it marks the topology FAILED.");

    public static final ConfigKey<Long> STABLE_AFTER_MS = ConfigKey.longKey(
            "egret.executor.stable.after.ms",
            60000,
            0,
            86400000,
            "A process that ran this long resets its restart count and back-off.");

    public static final ConfigKey<Long> STOP_GRACE_MS = ConfigKey.longKey(
            "egret.executor.stop.grace.ms",
            5000,
            0,
            600000,
            "How long processes get to exit after SIGTERM before they are killed.");

    public static final ConfigKey<Integer> STMGR_HEAP_MB =
            ConfigKey.integer("egret.stmgr.heap.mb", 256, 32, 65536, "Heap of each Stream Manager JVM.");

    public static final ConfigKey<Integer> EXECUTOR_HEAP_MB = ConfigKey.integer(
            "egret.executor.heap.mb",
            192,
            32,
            65536,
            "Heap of each executor JVM, which also runs its container's Metrics Manager and sinks, and in"
                    + " container 0 the Topology Master.");

    public static final ConfigKey<String> SYSTEM_JVM_OPTS = ConfigKey.string(
            "egret.system.jvm.opts",
            "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xms8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
                    + " -Dio.netty.allocator.maxOrder=7",
            "JVM options of the scheduler and the executors (each with its container's Metrics Manager, and"
                    + " in container 0 the Topology Master): processes that carry no"
                    + " tuples, so they trade peak speed for start-up time and memory. The heap starts small and is kept"
                    + " close to what the process holds; its -Xmx is the role's heap key. Netty's pool takes memory a"
                    + " chunk at a time, per thread that allocates, and holds it: 1 MB chunks instead of its 4 MB, since"
                    + " these processes use a fraction of one.");

    public static final ConfigKey<String> STMGR_JVM_OPTS = ConfigKey.string(
            "egret.stmgr.jvm.opts",
            "-XX:+UseSerialGC -Xss512k -Xms10m -Xmn8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
                    + " -Dio.netty.allocator.maxOrder=7",
            "JVM options of each Stream Manager. It routes every tuple, so it keeps the optimizing compiler; its"
                    + " tuples live in direct buffers and its objects die young, so a small fixed young generation"
                    + " collects them as quickly as a large one and holds far less memory (8 MB moved WordCount as fast as"
                    + " 16 MB); the heap starts at 10 MB, since a young generation as large as the initial heap makes the"
                    + " JVM warn at every start. What survives is about the"
                    + " same from start to end, so the old generation is kept close to it; Netty's pool takes 1 MB"
                    + " chunks instead of 4 MB.");

    public static final ConfigKey<Integer> PLAN_WAIT_MS = ConfigKey.integer(
            "egret.executor.plan.wait.ms",
            300000,
            1000,
            3600000,
            "How long the executor of a container added by an update waits for the "
                    + "packing plan to name its container before it gives up.");
}
