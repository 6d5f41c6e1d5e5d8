package org.egret.metricsmgr;

import java.util.List;
import org.egret.config.ConfigKey;
import org.egret.config.EgretConfig;
import org.egret.runtime.Backoff;

/** Egret config keys of this role, declared once (see ConfigKey). */
public final class MetricsMgrKeys {
    private MetricsMgrKeys() {}

    public static final ConfigKey<Long> FLUSH_MS = ConfigKey.longKey(
            "egret.metricsmgr.flush.ms", 1000, 10, 3600000, "How often the metrics manager flushes its sinks.");

    public static final ConfigKey<List<String>> SINKS = ConfigKey.stringList(
            "egret.metricsmgr.sinks",
            List.of("file", "tmaster"),
            "Sinks every metrics batch goes to: file, tmaster, prometheus, graphite, or the type of any sink a "
                    + "module installs (conf/<cluster>/metrics_sinks.yaml); a sink that cannot start is logged and skipped.");

    public static final ConfigKey<Long> RETRY_MIN_MS = ConfigKey.longKey(
            "egret.metricsmgr.retry.min.ms",
            500,
            10,
            3600000,
            "First pause before a sink that lost its connection (tmaster, graphite) tries again; doubles.");

    public static final ConfigKey<Long> RETRY_MAX_MS = ConfigKey.longKey(
            "egret.metricsmgr.retry.max.ms", 30000, 10, 3600000, "Longest pause between a failing sink's attempts.");

    /** The pauses of a sink that lost its connection; a maximum below the minimum never shortens one. */
    static Backoff retryBackoff(EgretConfig config) {
        long minMs = config.get(RETRY_MIN_MS);
        return new Backoff(minMs, Math.max(minMs, config.get(RETRY_MAX_MS)));
    }

    public static final ConfigKey<Integer> TMASTER_MAX_PENDING = ConfigKey.integer(
            "egret.metricsmgr.tmaster.max.pending",
            5000,
            1,
            10000000,
            "Metrics batches kept for the topology master while it is unreachable; the oldest are dropped.");

    public static final ConfigKey<Integer> PROMETHEUS_PORT = ConfigKey.integer(
            "egret.metricsmgr.prometheus.port",
            0,
            0,
            65535,
            "Port of the Prometheus scrape endpoint (/metrics); 0 picks a free one, written to "
                    + "<container>/ports/prometheus.");

    public static final ConfigKey<String> GRAPHITE_ADDRESS = ConfigKey.string(
            "egret.metricsmgr.graphite.address",
            "127.0.0.1:2003",
            "host:port of the Graphite (carbon) plaintext listener.");

    public static final ConfigKey<String> GRAPHITE_PREFIX = ConfigKey.string(
            "egret.metricsmgr.graphite.prefix", "egret", "First path element of every Graphite metric.");

    public static final ConfigKey<Integer> GRAPHITE_MAX_PENDING = ConfigKey.integer(
            "egret.metricsmgr.graphite.max.pending",
            100000,
            1,
            100000000,
            "Graphite lines kept while Graphite is unreachable; the oldest are dropped.");

    public static final ConfigKey<Long> FILE_MAX_BYTES = ConfigKey.longKey(
            "egret.metricsmgr.file.max.bytes",
            64L * 1024 * 1024,
            4 * 1024,
            Long.MAX_VALUE / 2,
            "Size at which the file sink's metrics.jsonl is rolled over to metrics.jsonl.1 (newest) and so on.");

    public static final ConfigKey<Integer> FILE_MAX_FILES = ConfigKey.integer(
            "egret.metricsmgr.file.max.files",
            3,
            1,
            1000,
            "Files the file sink keeps, metrics.jsonl included; the oldest rolled file is deleted beyond that.");
}
