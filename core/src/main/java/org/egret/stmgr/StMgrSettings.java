package org.egret.stmgr;

import org.egret.config.EgretConfig;

/** The stream manager's tuning values, read once from the config. */
record StMgrSettings(int batchTuples, int pendingTuples, long flushMs, long heartbeatMs, long metricsIntervalMs,
    long reconnectMaxMs) {

  static StMgrSettings from(EgretConfig config) {
    return new StMgrSettings(config.get(StMgrKeys.BATCH_TUPLES), config.get(StMgrKeys.PENDING_TUPLES),
        config.get(StMgrKeys.FLUSH_MS), config.get(StMgrKeys.HEARTBEAT_MS),
        config.get(StMgrKeys.METRICS_INTERVAL_MS), config.get(StMgrKeys.RECONNECT_MAX_MS));
  }
}
