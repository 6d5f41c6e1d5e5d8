package org.egret.examples.verify;

import java.util.List;
import java.util.Map;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;

/**
 * Emits ids {@code 0..limit-1} (each spout task its own share, by task index) with a key
 * {@code "k" + id % keys} on the default stream, and, when a direct target is named, the same ids
 * on the direct stream {@code "direct"} to task {@code targets[id % n]}.
 */
public final class NumberSpout extends BaseRichSpout {
    public static final String DIRECT_STREAM = "direct";

    private final long limit;
    private final int keys;
    private final String directTarget;
    private transient SpoutOutputCollector collector;
    private transient long next;
    private transient long step;
    private transient List<Integer> targets;

    public NumberSpout(long limit, int keys, String directTarget) {
        this.limit = limit;
        this.keys = keys;
        this.directTarget = directTarget;
    }

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        next = context.getThisTaskIndex();
        step = context.getComponentTasks(context.getThisComponentId()).size();
        if (directTarget != null) {
            targets = context.getComponentTasks(directTarget);
        }
    }

    @Override
    public void nextTuple() {
        if (next >= limit) {
            return;
        }
        String key = "k" + (next % keys);
        collector.emit(new Values(next, key));
        if (targets != null) {
            collector.emitDirect(targets.get((int) (next % targets.size())), DIRECT_STREAM, new Values(next, key));
        }
        next += step;
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("id", "key"));
        declarer.declareStream(DIRECT_STREAM, true, new Fields("id", "key"));
    }
}
