package org.egret.metricsmgr;

import java.util.List;
import org.egret.config.ConfigKey;

/** Egret config keys of this role, declared once (see ConfigKey). */
public final class MetricsMgrKeys {
  private MetricsMgrKeys() {
  }

  public static final ConfigKey<Long> FLUSH_MS = ConfigKey.longKey("egret.metricsmgr.flush.ms", 1000, 10, 3600000,
      "How often the metrics manager flushes its sinks.");

  public static final ConfigKey<List<String>> SINKS = ConfigKey.stringList("egret.metricsmgr.sinks",
      List.of(FileSink.class.getName()),
      "Classes implementing org.egret.metricsmgr.MetricsSink that every metrics batch is written to.");
}
