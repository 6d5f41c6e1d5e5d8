package org.egret.examples.verify;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/**
 * Spends {@code micros} per tuple until a file named {@code fast} appears in its directory, then
 * none: a bolt far slower than its spout that can be sped up from outside.
 */
public final class SlowBolt extends BaseRichBolt {
    private final String dir;
    private final long micros;
    private transient OutputCollector collector;
    private transient FileFlag fast;

    public SlowBolt(String dir, long micros) {
        this.dir = dir;
        this.micros = micros;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        this.fast = new FileFlag(dir, "fast");
    }

    @Override
    public void execute(Tuple input) {
        if (!fast.isUp()) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(micros));
        }
        collector.emit(input, new Values(input.getValue(0)));
        collector.ack(input);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("id"));
    }
}
