package org.egret.metricsmgr;

import org.egret.plugin.Plugin;
import org.egret.proto.MetricsBatch;
import org.egret.runtime.ProcessOptions;

/**
 * Where the metrics manager sends what it receives, named by its type in {@code egret.metricsmgr.sinks}.
 * After {@link Plugin#initialize}, {@link #start} gives it the Metrics Manager's process (topology,
 * container, directories). All calls come from one thread.
 */
public interface MetricsSink extends Plugin {
    void start(ProcessOptions process);

    void write(MetricsBatch batch);

    void flush();

    @Override
    void close();
}
