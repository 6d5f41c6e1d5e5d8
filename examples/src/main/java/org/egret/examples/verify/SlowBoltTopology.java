package org.egret.examples.verify;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;

/**
 * Back pressure check: an unthrottled reliable spout (no max spout pending) feeding a bolt that is
 * about 100 times slower, then a sink, over 2 containers. Each spout tuple carries 1 KB, so that
 * the buffers between the processes (sockets included) hold only a small part of the input. {@code args: <name> <dir> <N> <micros per tuple>}.
 */
public final class SlowBoltTopology {
  private SlowBoltTopology() {
  }

  public static void main(String[] args) throws Exception {
    String dir = args[1];
    long n = Long.parseLong(args[2]);
    long micros = Long.parseLong(args[3]);
    TopologyBuilder b = new TopologyBuilder();
    b.setSpout("ids", new ReliableIdSpout(n, dir, 0, 1024), 1);
    b.setBolt("slow", new SlowBolt(dir, micros), 1).shuffleGrouping("ids");
    // names sort so that the slow bolt lands in the other container than the spout: back pressure must cross
    b.setBolt("tail", new IdSinkBolt(dir), 1).shuffleGrouping("slow");
    Config conf = new Config();
    conf.setNumWorkers(2);
    // nothing may time out: every tuple waits in bounded queues, none is dropped
    conf.setMessageTimeoutSecs(900);
    StormSubmitter.submitTopology(args[0], conf, b.createTopology());
  }
}
