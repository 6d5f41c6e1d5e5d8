package org.egret.examples.verify;

import java.util.List;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

/**
 * Emits and acks from threads that are not the task's: a reliable spout of ids 1..N -> a bolt that
 * emits, acks and fails on 4 threads of its own -> a sink that records every id, over 2 containers.
 * Every task also carries {@link CountingTaskHook}. {@code args: <name> <dir> <N>}.
 */
public final class PooledAckTopology {
    private PooledAckTopology() {}

    public static void main(String[] args) throws Exception {
        String dir = args[1];
        long n = Long.parseLong(args[2]);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("ids", new ReliableIdSpout(n, dir, 0), 1);
        b.setBolt("pooled", new PooledAckBolt(4), 2).shuffleGrouping("ids");
        b.setBolt("sink", new IdSinkBolt(dir), 2).fieldsGrouping("pooled", new Fields("id"));
        Config conf = new Config();
        conf.setNumWorkers(2);
        conf.setMaxSpoutPending(2000);
        conf.setMessageTimeoutSecs(10);
        conf.put(Config.TOPOLOGY_AUTO_TASK_HOOKS, List.of(CountingTaskHook.class.getName()));
        conf.put(CountingTaskHook.DIR, dir);
        StormSubmitter.submitTopology(args[0], conf, b.createTopology());
    }
}
