package org.egret.stmgr;

import org.egret.config.ConfigKey;

/** Egret config keys of this role, declared once (see ConfigKey). */
public final class StMgrKeys {
    private StMgrKeys() {}

    public static final ConfigKey<Long> HEARTBEAT_MS = ConfigKey.longKey(
            "egret.stmgr.heartbeat.ms",
            2000,
            10,
            600000,
            "How often a stream manager sends a heartbeat to the topology master.");

    public static final ConfigKey<Integer> BATCH_TUPLES = ConfigKey.integer(
            "egret.stmgr.batch.tuples",
            1024,
            1,
            1 << 20,
            "Acking events a stream manager puts in one batch to an instance or a peer before it sends it"
                    + " (tuple batches go on as the instances built them).");

    public static final ConfigKey<Integer> FLUSH_MS = ConfigKey.integer(
            "egret.stmgr.flush.ms",
            2,
            1,
            10000,
            "How long a stream manager holds a partial outgoing batch before it sends it.");

    public static final ConfigKey<Integer> PENDING_TUPLES = ConfigKey.integer(
            "egret.stmgr.pending.tuples",
            100000,
            1,
            1 << 26,
            "Tuples held per destination (task or stream manager) that is not connected yet;"
                    + " tuples beyond this are dropped.");

    public static final ConfigKey<Integer> MAX_TRACKED_TREES = ConfigKey.integer(
            "egret.stmgr.max.tracked.trees",
            2_000_000,
            1,
            1 << 28,
            "Tuple trees (spout tuples in flight with acking on) a stream manager tracks at"
                    + " most for its container's spouts, about 50 bytes of its heap each. A spout's INIT beyond this fails"
                    + " that tuple at once (the spout replays it). Keep it above the sum of the spouts' windows"
                    + " (topology.max.spout.pending, else egret.instance.spout.max.pending) in one container.");

    public static final ConfigKey<Long> METRICS_INTERVAL_MS = ConfigKey.longKey(
            "egret.stmgr.metrics.interval.ms",
            5000,
            100,
            3600000,
            "How often a stream manager sends its counters to the metrics manager.");

    public static final ConfigKey<Long> RECONNECT_MAX_MS = ConfigKey.longKey(
            "egret.stmgr.reconnect.max.ms",
            5000,
            10,
            600000,
            "Longest back-off between attempts to reach the topology master or a peer stream manager.");

    public static final ConfigKey<Long> BACKPRESSURE_HIGH_BYTES = ConfigKey.longKey(
            "egret.stmgr.backpressure.high.bytes",
            4L << 20,
            1024,
            1L << 40,
            "Bytes waiting to be written to one connection (an instance or a peer) above which this stream "
                    + "manager starts back pressure: the spouts whose tuples can reach the slow reader stop being read, "
                    + "in every container. 4 MB is a few hundred thousand small tuples, tens of milliseconds of work for"
                    + " the fastest task; a higher mark holds more memory in every stream manager without moving more"
                    + " tuples.");

    public static final ConfigKey<Long> BACKPRESSURE_LOW_BYTES = ConfigKey.longKey(
            "egret.stmgr.backpressure.low.bytes",
            1L << 20,
            512,
            1L << 40,
            "Bytes waiting on a connection below which it no longer holds back pressure (must be below the high mark).");

    public static final ConfigKey<Long> BACKPRESSURE_PEER_READ_LIMIT_BYTES = ConfigKey.longKey(
            "egret.stmgr.backpressure.peer.read.limit.bytes",
            64L << 20,
            1024,
            1L << 40,
            "Bytes waiting to be written to one of this stream manager's instances above which it also stops"
                    + " reading its peers' connections, until that instance is back under the low mark. Back pressure"
                    + " pauses other containers' spouts by a notice, and a notice can be slow to reach a busy peer;"
                    + " this bounds what piles up meanwhile. It holds back every tuple on those connections, acks included,"
                    + " so keep it well above the high mark.");
}
