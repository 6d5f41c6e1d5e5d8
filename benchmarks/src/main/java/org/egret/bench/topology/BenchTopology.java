package org.egret.bench.topology;

import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

/**
 * The benchmark workloads as plain Storm topologies (nothing Egret-specific):
 * <ul>
 *   <li>{@code constant}: constant spout -> null bolt (shuffle grouping);</li>
 *   <li>{@code wordcount}: word spout -> counting bolt on a fields grouping by word.</li>
 * </ul>
 * {@code main(name, workload, acking(on|off), outDir, workers, spouts, bolts)} submits with
 * {@link StormSubmitter}, which is how {@code egret submit} captures it.
 */
public final class BenchTopology {
    private BenchTopology() {}

    public static StormTopology build(String workload, boolean acking, String outDir, int spouts, int bolts) {
        TopologyBuilder b = new TopologyBuilder();
        switch (workload) {
            case "constant" -> {
                b.setSpout("spout", new BenchSpout("constant", acking, outDir), spouts);
                b.setBolt("bolt", new CountingBolt("null", outDir), bolts).shuffleGrouping("spout");
            }
            case "wordcount" -> {
                b.setSpout("spout", new BenchSpout("words", acking, outDir), spouts);
                b.setBolt("bolt", new CountingBolt("count", outDir), bolts).fieldsGrouping("spout", new Fields("word"));
            }
            default -> throw new IllegalArgumentException("unknown workload " + workload + " (constant, wordcount)");
        }
        return b.createTopology();
    }

    /** The topology config: acking off = 0 ackers; on = default ackers and max spout pending 1000. */
    public static Config config(boolean acking, int workers) {
        Config conf = new Config();
        conf.setNumWorkers(workers);
        if (acking) {
            conf.setMaxSpoutPending(1000);
        } else {
            conf.setNumAckers(0);
        }
        return conf;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new IllegalArgumentException(
                    "usage: <name> <constant|wordcount> <on|off> <outDir> [workers] [spouts] [bolts]");
        }
        boolean acking = "on".equals(args[2]);
        int workers = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int spouts = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        int bolts = args.length > 6 ? Integer.parseInt(args[6]) : 2;
        Map<String, Object> conf = config(acking, workers);
        StormSubmitter.submitTopology(args[0], conf, build(args[1], acking, args[3], spouts, bolts));
    }
}
