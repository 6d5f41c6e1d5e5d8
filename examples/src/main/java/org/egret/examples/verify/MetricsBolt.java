package org.egret.examples.verify;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Timer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.storm.metric.api.CountMetric;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Tuple;

/**
 * Counts its input with every kind of Storm metric: the v2 counter {@code tuples}, gauge {@code tuples-gauge},
 * meter {@code tuple-rate}, histogram {@code id-mod-10} (of each id modulo 10) and timer {@code execute-time},
 * and the v1 {@link CountMetric} {@code v1-tuples} (reported every {@link #V1_BUCKET_SECS} s).
 */
public final class MetricsBolt extends BaseRichBolt {
    public static final int V1_BUCKET_SECS = 2;

    private transient OutputCollector collector;
    private transient Counter tuples;
    private transient AtomicLong executed;
    private transient Meter rate;
    private transient Histogram idMod10;
    private transient Timer executeTime;
    private transient CountMetric v1Tuples;

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        executed = new AtomicLong();
        tuples = context.registerCounter("tuples");
        context.registerGauge("tuples-gauge", executed::get);
        rate = context.registerMeter("tuple-rate");
        idMod10 = context.registerHistogram("id-mod-10");
        executeTime = context.registerTimer("execute-time");
        v1Tuples = context.registerMetric("v1-tuples", new CountMetric(), V1_BUCKET_SECS);
    }

    @Override
    public void execute(Tuple tuple) {
        try (Timer.Context ignored = executeTime.time()) {
            tuples.inc();
            executed.incrementAndGet();
            rate.mark();
            idMod10.update(tuple.getLong(0) % 10);
            v1Tuples.incr();
            collector.ack(tuple);
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {}
}
