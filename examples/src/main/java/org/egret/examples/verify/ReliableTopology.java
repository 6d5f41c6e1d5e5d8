package org.egret.examples.verify;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

/**
 * At-least-once check: a reliable spout of ids 1..N -> a bolt that fails 1% on first sight -> a
 * sink that records every id, over 2 containers.
 * {@code args: <name> <dir> <N> [acking: on|off] [new ids per second, 0 = unpaced]}.
 */
public final class ReliableTopology {
    private ReliableTopology() {}

    public static void main(String[] args) throws Exception {
        String dir = args[1];
        long n = Long.parseLong(args[2]);
        boolean acking = args.length < 4 || !args[3].equals("off");
        long perSecond = args.length < 5 ? 0 : Long.parseLong(args[4]);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("ids", new ReliableIdSpout(n, dir, perSecond), 1);
        b.setBolt("flaky", new FlakyBolt(), 2).shuffleGrouping("ids");
        b.setBolt("sink", new IdSinkBolt(dir), 2).fieldsGrouping("flaky", new Fields("id"));
        Config conf = new Config();
        conf.setNumWorkers(2);
        conf.setMaxSpoutPending(2000);
        conf.setMessageTimeoutSecs(10);
        if (!acking) {
            conf.setNumAckers(0);
        }
        StormSubmitter.submitTopology(args[0], conf, b.createTopology());
    }
}
