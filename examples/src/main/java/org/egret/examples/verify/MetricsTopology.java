package org.egret.examples.verify;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.metric.LoggingMetricsConsumer;
import org.apache.storm.topology.TopologyBuilder;

/**
 * A spout of {@code ids} numbers into two {@link MetricsBolt} tasks on two workers, with a
 * {@link RecordingMetricsConsumer} registered (v2 metrics ticks on, every 2 s) and Storm's own
 * LoggingMetricsConsumer. {@code args: <name> <consumer output file> <ids>}.
 */
public final class MetricsTopology {
    private MetricsTopology() {}

    public static void main(String[] args) throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("numbers", new NumberSpout(Long.parseLong(args[2]), 7, null), 1);
        b.setBolt("measured", new MetricsBolt(), 2).shuffleGrouping("numbers");
        Config conf = new Config();
        conf.setNumWorkers(2);
        conf.registerMetricsConsumer(RecordingMetricsConsumer.class, args[1], 1);
        conf.registerMetricsConsumer(LoggingMetricsConsumer.class, 1);
        conf.put(Config.TOPOLOGY_ENABLE_V2_METRICS_TICK, true);
        conf.put(Config.TOPOLOGY_V2_METRICS_TICK_INTERVAL_SECONDS, MetricsBolt.V1_BUCKET_SECS);
        StormSubmitter.submitTopology(args[0], conf, b.createTopology());
    }
}
