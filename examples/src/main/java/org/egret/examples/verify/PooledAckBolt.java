package org.egret.examples.verify;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/**
 * Does its work on a pool of its own threads, the way a bolt that calls an asynchronous client does:
 * execute hands the tuple to the pool, and a pool thread emits it on (anchored) and acks it, or fails
 * it (1% of ids, the first time they are seen). The collector is never used on the task thread.
 */
public final class PooledAckBolt extends BaseRichBolt {
    private final int threads;
    private transient OutputCollector collector;
    private transient ExecutorService pool;
    private transient Set<Long> seen;

    public PooledAckBolt(int threads) {
        this.threads = threads;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        this.pool = Executors.newFixedThreadPool(threads);
        this.seen = ConcurrentHashMap.newKeySet();
    }

    @Override
    public void execute(Tuple input) {
        pool.execute(() -> {
            long id = input.getLong(0);
            if (FlakyBolt.failsOnFirstSight(id) && seen.add(id)) {
                collector.fail(input);
                return;
            }
            collector.emit(input, new Values(id));
            collector.ack(input);
        });
    }

    @Override
    public void cleanup() {
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("id"));
    }
}
