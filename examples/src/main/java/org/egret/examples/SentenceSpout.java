package org.egret.examples;

import java.util.Map;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;

/** Emits a fixed cycle of sentences, forever or up to a limit. */
public final class SentenceSpout extends BaseRichSpout {
    public static final String[] SENTENCES = {
        "the cow jumped over the moon",
        "an apple a day keeps the doctor away",
        "four score and seven years ago",
        "snow white and the seven dwarfs",
        "i am at two with nature",
    };

    private final long limit;
    private transient SpoutOutputCollector collector;
    private transient long emitted;

    public SentenceSpout(long limit) {
        this.limit = limit;
    }

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
    }

    @Override
    public void nextTuple() {
        if (limit > 0 && emitted >= limit) {
            return;
        }
        collector.emit(new Values(SENTENCES[(int) (emitted % SENTENCES.length)]));
        emitted++;
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("sentence"));
    }
}
