package org.egret.bench.topology;

import java.util.Map;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;

/**
 * The benchmark spout. {@code constant}: emits the same one-field tuple forever. {@code words}:
 * emits words drawn from a fixed vocabulary by a seeded xorshift generator. With {@code reliable}
 * every emit carries a message id that is its emit time in nanoseconds, so {@code ack} measures
 * the complete latency itself (the same code on both engines).
 */
public final class BenchSpout extends BaseRichSpout {
    /** A deterministic vocabulary of {@code n} words of 3 to 10 letters. */
    static String[] vocabulary(int n) {
        String[] words = new String[n];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            x = xorshift(x);
            int len = 3 + (int) Long.remainderUnsigned(x, 8);
            for (int j = 0; j < len; j++) {
                x = xorshift(x);
                sb.append((char) ('a' + Long.remainderUnsigned(x, 26)));
            }
            words[i] = sb.toString();
        }
        return words;
    }

    static long xorshift(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }

    private final String mode;
    private final boolean reliable;
    private final String outDir;
    private transient SpoutOutputCollector collector;
    private transient String[] words;
    private transient long rng;
    private transient long lastId;
    private transient Reporter.Counter emitted;
    private transient Reporter.Counter acked;
    private transient Reporter.Counter failed;
    private transient LatencyHistogram latency;
    private transient Reporter reporter;

    public BenchSpout(String mode, boolean reliable, String outDir) {
        this.mode = mode;
        this.reliable = reliable;
        this.outDir = outDir;
    }

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        words = "words".equals(mode) ? vocabulary(1000) : new String[] {"egret-benchmark-constant-tuple"};
        rng = 0x2545F4914F6CDD1DL + context.getThisTaskId();
        emitted = new Reporter.Counter();
        acked = new Reporter.Counter();
        failed = new Reporter.Counter();
        latency = new LatencyHistogram();
        reporter = Reporter.start(
                outDir,
                "spout",
                context.getThisTaskId(),
                1000,
                () -> emitted.get() + " " + acked.get() + " " + failed.get() + " " + latency.encode());
    }

    @Override
    public void nextTuple() {
        String word;
        if (words.length == 1) {
            word = words[0];
        } else {
            rng = xorshift(rng);
            word = words[(int) Long.remainderUnsigned(rng, words.length)];
        }
        if (reliable) {
            long id = System.nanoTime();
            if (id <= lastId) {
                id = lastId + 1;
            }
            lastId = id;
            collector.emit(new Values(word), id);
        } else {
            collector.emit(new Values(word));
        }
        emitted.inc();
    }

    @Override
    public void ack(Object msgId) {
        latency.record((System.nanoTime() - (Long) msgId) / 1000);
        acked.inc();
    }

    @Override
    public void fail(Object msgId) {
        failed.inc();
    }

    @Override
    public void close() {
        if (reporter != null) {
            reporter.stop();
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("word"));
    }
}
