package org.egret.stmgr;

import io.netty.channel.WriteBufferWaterMark;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.egret.runtime.ContainerDirs;

/**
 * The stream manager's tuning values, read once from the config, and the topology's message timeout,
 * read from the container's package (the physical plan carries no config values).
 */
record StMgrSettings(
        int batchTuples,
        int pendingTuples,
        long flushMs,
        long heartbeatMs,
        long metricsIntervalMs,
        long reconnectMaxMs,
        long highWatermarkBytes,
        long lowWatermarkBytes,
        long peerReadLimitBytes,
        int maxTrackedTrees,
        long messageTimeoutMs) {

    static StMgrSettings from(EgretConfig config, ContainerDirs dirs) {
        long high = config.get(StMgrKeys.BACKPRESSURE_HIGH_BYTES);
        long low = config.get(StMgrKeys.BACKPRESSURE_LOW_BYTES);
        if (low >= high) {
            throw new ConfigException(StMgrKeys.BACKPRESSURE_LOW_BYTES + " (" + low + ") must be below "
                    + StMgrKeys.BACKPRESSURE_HIGH_BYTES + " (" + high + ")");
        }
        return new StMgrSettings(
                config.get(StMgrKeys.BATCH_TUPLES),
                config.get(StMgrKeys.PENDING_TUPLES),
                config.get(StMgrKeys.FLUSH_MS),
                config.get(StMgrKeys.HEARTBEAT_MS),
                config.get(StMgrKeys.METRICS_INTERVAL_MS),
                config.get(StMgrKeys.RECONNECT_MAX_MS),
                high,
                low,
                config.get(StMgrKeys.BACKPRESSURE_PEER_READ_LIMIT_BYTES),
                config.get(StMgrKeys.MAX_TRACKED_TREES),
                MessageTimeout.of(dirs.stormConf()) * 1000L);
    }

    /** Netty's writability follows the same marks, so "unwritable" means "over the high watermark". */
    WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark((int) Math.min(Integer.MAX_VALUE - 1, lowWatermarkBytes), (int)
                Math.min(Integer.MAX_VALUE, highWatermarkBytes));
    }
}
