package org.egret.tmaster;

import org.egret.config.ConfigKey;

/** Egret config keys of this role, declared once (see ConfigKey). */
public final class TMasterKeys {
    private TMasterKeys() {}

    public static final ConfigKey<Long> STMGR_TIMEOUT_MS = ConfigKey.longKey(
            "egret.tmaster.stmgr.timeout.ms",
            15000,
            100,
            3600000,
            "A stream manager silent (no heartbeat) for longer than this is considered lost and disconnected.");

    public static final ConfigKey<Long> METRICS_BUCKET_MS = ConfigKey.longKey(
            "egret.tmaster.metrics.bucket.ms",
            5000,
            100,
            3600000,
            "Width of one bucket of the metrics the TM keeps for the Tracker.");

    public static final ConfigKey<Integer> METRICS_BUCKETS = ConfigKey.integer(
            "egret.tmaster.metrics.buckets",
            60,
            1,
            10000,
            "How many buckets of metrics the TM keeps (the Tracker's longest timeline).");

    public static final ConfigKey<Integer> METRICS_MAX_SERIES = ConfigKey.integer(
            "egret.tmaster.metrics.max.series",
            256,
            1,
            100000,
            "Metric names kept per instance; later names are ignored (bounds user metrics).");

    public static final ConfigKey<Integer> METRICS_MAX_EXCEPTIONS = ConfigKey.integer(
            "egret.tmaster.metrics.max.exceptions", 200, 1, 100000, "Distinct recent exceptions the TM keeps.");
}
