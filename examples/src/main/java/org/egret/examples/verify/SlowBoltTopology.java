package org.egret.examples.verify;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;

/**
 * Back pressure check, over 2 containers, two independent pipelines in one topology.
 * <ul>
 *   <li>A: an unthrottled reliable spout ({@code ids}, no max spout pending, held until a file
 *       {@code <dir>/a/go} appears) feeds two paths: a bolt about 100 times slower than it
 *       ({@code slow}, then {@code tail}), and a fast side path ({@code sp-side}). Each tuple carries
 *       1 KB, so that the buffers between the processes (sockets included) hold only a small part of
 *       the input.
 *   <li>B: a paced spout ({@code pb-ids}) feeding a sink ({@code pb-sink}), which nothing of A feeds.
 * </ul>
 * Back pressure on {@code slow} must hold A back and leave B alone. Names sort (task ids follow them,
 * and round robin deals them over the containers) so that {@code slow} lands in the other container
 * than A's spout, and B's spout in the same one as {@code slow}: both pipelines cross between the
 * containers. {@code args: <name> <dir> <N> <micros per tuple> <B's N> <B's tuples per second>}; A
 * records under {@code <dir>/a} (and the side path under {@code <dir>/a-side}), B under {@code <dir>/b}.
 */
public final class SlowBoltTopology {
    private SlowBoltTopology() {}

    public static void main(String[] args) throws Exception {
        String dir = args[1];
        long n = Long.parseLong(args[2]);
        long micros = Long.parseLong(args[3]);
        long bN = Long.parseLong(args[4]);
        long bRate = Long.parseLong(args[5]);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("ids", new GatedIdSpout(n, dir + "/a", 1024), 1);
        b.setBolt("slow", new SlowBolt(dir + "/a", micros), 1).shuffleGrouping("ids");
        b.setBolt("tail", new IdSinkBolt(dir + "/a"), 1).shuffleGrouping("slow");
        b.setBolt("sp-side", new IdSinkBolt(dir + "/a-side"), 1).shuffleGrouping("ids");
        b.setSpout("pb-ids", new ReliableIdSpout(bN, dir + "/b", bRate), 1);
        b.setBolt("pb-sink", new IdSinkBolt(dir + "/b"), 1).shuffleGrouping("pb-ids");
        Config conf = new Config();
        conf.setNumWorkers(2);
        // nothing may time out: every tuple waits in bounded queues, none is dropped
        conf.setMessageTimeoutSecs(900);
        StormSubmitter.submitTopology(args[0], conf, b.createTopology());
    }
}
