package org.egret.examples.verify;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

/**
 * Two spouts and a diamond of bolts: left and right both read both spouts, join reads left and
 * right. {@code args: <name> <output-dir> <ids per spout>}.
 */
public final class DiamondTopology {
    private DiamondTopology() {}

    public static void main(String[] args) throws Exception {
        String dir = args[1];
        long ids = Long.parseLong(args[2]);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout-a", new NumberSpout(ids, 7, null), 1);
        b.setSpout("spout-b", new NumberSpout(ids, 7, null), 1);
        b.setBolt("left", new RecorderBolt(dir, true), 2)
                .shuffleGrouping("spout-a")
                .shuffleGrouping("spout-b");
        b.setBolt("right", new RecorderBolt(dir, true), 2)
                .fieldsGrouping("spout-a", new Fields("key"))
                .fieldsGrouping("spout-b", new Fields("key"));
        b.setBolt("join", new RecorderBolt(dir, false), 2)
                .fieldsGrouping("left", new Fields("key"))
                .fieldsGrouping("right", new Fields("key"));
        Config conf = new Config();
        conf.setNumWorkers(2);
        StormSubmitter.submitTopology(args[0], conf, b.createTopology());
    }
}
