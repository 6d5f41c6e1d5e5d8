package org.egret.metricsmgr;

import org.egret.config.EgretConfig;
import org.egret.proto.MetricsBatch;
import org.egret.runtime.ProcessOptions;

/**
 * Where the metrics manager sends what it receives. Implementations need a public no-argument
 * constructor (they are named in {@code egret.metricsmgr.sinks}). All calls come from one thread.
 */
public interface MetricsSink {
  void init(EgretConfig config, ProcessOptions options);

  void write(MetricsBatch batch);

  void flush();

  void close();
}
