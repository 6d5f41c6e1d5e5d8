package org.egret.examples.verify;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/** Fails 1% of ids the first time it sees them; passes everything else on, anchored, and acks it. */
public final class FlakyBolt extends BaseRichBolt {
    private transient OutputCollector collector;
    private transient Set<Long> seen;

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        seen = new HashSet<>();
    }

    @Override
    public void execute(Tuple input) {
        long id = input.getLong(0);
        if (failsOnFirstSight(id) && seen.add(id)) {
            collector.fail(input);
            return;
        }
        collector.emit(input, new Values(id));
        collector.ack(input);
    }

    /** 1% of ids, spread over the whole range. */
    static boolean failsOnFirstSight(long id) {
        return Long.remainderUnsigned(id * 0x9E3779B97F4A7C15L, 100) == 0;
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("id"));
    }
}
