package org.egret.examples;

import java.util.List;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.trident.TridentTopology;
import org.apache.storm.trident.operation.builtin.Count;
import org.apache.storm.trident.testing.FixedBatchSpout;
import org.apache.storm.trident.testing.MemoryMapState;
import org.apache.storm.trident.testing.Split;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;

/**
 * WordCount in Trident: a batch spout of {@code <sentences>} sentences (SentenceSpout's, in turn),
 * split, grouped by word, counted into a {@code MemoryMapState}; the updated counts of each batch
 * go to {@link LatestCountsFilter}, which keeps the latest count per word in a counts file.
 * Trident's coordinators keep their state in ZooKeeper: on a cluster whose state manager is
 * ZooKeeper, Egret hands its ensemble to the tasks. {@code args: <name> <sentences> <output-dir>}.
 */
public final class TridentWordCountTopology {
    static final int BATCH_SIZE = 10;

    private TridentWordCountTopology() {}

    public static void main(String[] args) throws Exception {
        int sentences = Integer.parseInt(args[1]);
        List<Object>[] batches = sentences(sentences);
        FixedBatchSpout spout = new FixedBatchSpout(new Fields("sentence"), BATCH_SIZE, batches);
        spout.setCycle(false);
        TridentTopology trident = new TridentTopology();
        trident.newStream("sentences", spout)
                .each(new Fields("sentence"), new Split(), new Fields("word"))
                .groupBy(new Fields("word"))
                .persistentAggregate(new MemoryMapState.Factory(), new Count(), new Fields("count"))
                .newValuesStream()
                .each(new Fields("word", "count"), new LatestCountsFilter(args[2]));
        Config conf = new Config();
        conf.setNumWorkers(2);
        // a new batch every 50 ms instead of every 500: the run is short
        conf.put(Config.TOPOLOGY_TRIDENT_BATCH_EMIT_INTERVAL_MILLIS, 50);
        StormSubmitter.submitTopology(args[0], conf, trident.build());
    }

    @SuppressWarnings("unchecked")
    private static List<Object>[] sentences(int n) {
        List<Object>[] out = new List[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Values(SentenceSpout.SENTENCES[i % SentenceSpout.SENTENCES.length]);
        }
        return out;
    }
}
