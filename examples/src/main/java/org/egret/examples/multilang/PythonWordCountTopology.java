package org.egret.examples.multilang;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.egret.examples.SentenceSpout;
import org.egret.examples.WordCountBolt;

/**
 * The WordCount of {@code WordCountTopology} with its split bolt in Python 3
 * ({@code resources/splitsentence.py}, which imports Storm's {@code storm.py} from the same jar
 * directory). Needs {@code python3} on every host. {@code args: <name> [sentence-limit] [output-dir]}.
 */
public final class PythonWordCountTopology {
    private PythonWordCountTopology() {}

    /** Adds sentences -> Python split -> count to {@code builder}, under these component names. */
    public static void addWordCount(TopologyBuilder builder, String prefix, long limit, String outputDir) {
        builder.setSpout(prefix + "sentences", new SentenceSpout(limit), 1);
        builder.setBolt(prefix + "split", new PythonBolt(new Fields("word"), "splitsentence.py"), 2)
                .shuffleGrouping(prefix + "sentences");
        builder.setBolt(prefix + "count", new WordCountBolt(outputDir), 2)
                .fieldsGrouping(prefix + "split", new Fields("word"));
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "python-wordcount";
        long limit = args.length > 1 ? Long.parseLong(args[1]) : 0;
        String outputDir = args.length > 2 ? args[2] : "";
        TopologyBuilder builder = new TopologyBuilder();
        addWordCount(builder, "", limit, outputDir);
        Config conf = new Config();
        conf.setNumWorkers(2);
        StormSubmitter.submitTopologyWithProgressBar(name, conf, builder.createTopology());
    }
}
