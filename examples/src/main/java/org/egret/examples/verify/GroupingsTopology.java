package org.egret.examples.verify;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

/**
 * One bolt per Storm grouping, all fed by the same spout, over 2 containers.
 * {@code args: <name> <output-dir> <ids>}. Each bolt records what it receives (RecorderBolt).
 */
public final class GroupingsTopology {
    private GroupingsTopology() {}

    public static void main(String[] args) throws Exception {
        String dir = args[1];
        long ids = Long.parseLong(args[2]);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("numbers", new NumberSpout(ids, 10, "direct"), 2);
        b.setBolt("shuffle", new RecorderBolt(dir, false), 3).shuffleGrouping("numbers");
        b.setBolt("fields", new RecorderBolt(dir, false), 3).fieldsGrouping("numbers", new Fields("key"));
        b.setBolt("all", new RecorderBolt(dir, false), 2).allGrouping("numbers");
        b.setBolt("global", new RecorderBolt(dir, false), 3).globalGrouping("numbers");
        b.setBolt("none", new RecorderBolt(dir, false), 2).noneGrouping("numbers");
        b.setBolt("direct", new RecorderBolt(dir, false), 3).directGrouping("numbers", NumberSpout.DIRECT_STREAM);
        b.setBolt("local", new RecorderBolt(dir, false), 2).localOrShuffleGrouping("numbers");
        b.setBolt("partial", new RecorderBolt(dir, false), 3).partialKeyGrouping("numbers", new Fields("key"));
        b.setBolt("custom", new RecorderBolt(dir, false), 2).customGrouping("numbers", new EvenOddGrouping());
        Config conf = new Config();
        conf.setNumWorkers(2);
        StormSubmitter.submitTopology(args[0], conf, b.createTopology());
    }
}
