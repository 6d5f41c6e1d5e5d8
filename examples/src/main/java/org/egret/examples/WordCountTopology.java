package org.egret.examples;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;

/**
 * The classic Storm WordCount, written for Storm and nothing else: sentence spout -> split bolt
 * -> count bolt on a fields grouping. {@code args: <name> [sentence-limit] [output-dir]}; with a
 * limit the spout stops after that many sentences, and with an output dir each counter writes
 * its counts there (the end-to-end tests check them).
 */
public final class WordCountTopology {
    private WordCountTopology() {}

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "wordcount";
        long limit = args.length > 1 ? Long.parseLong(args[1]) : 0;
        String outputDir = args.length > 2 ? args[2] : "";

        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("sentences", new SentenceSpout(limit), 1);
        builder.setBolt("split", new SplitSentenceBolt(), 2).shuffleGrouping("sentences");
        builder.setBolt("count", new WordCountBolt(outputDir), 2).fieldsGrouping("split", new Fields("word"));

        Config conf = new Config();
        conf.setNumWorkers(2);
        StormSubmitter.submitTopologyWithProgressBar(name, conf, builder.createTopology());
    }
}
