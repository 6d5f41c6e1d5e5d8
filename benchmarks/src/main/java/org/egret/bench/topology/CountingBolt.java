package org.egret.bench.topology;

import java.util.HashMap;
import java.util.Map;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Tuple;

/**
 * The last bolt of every benchmark: counts the tuples it receives (what the harness measures)
 * and acks each one. {@code null}: does nothing else. {@code count}: keeps a count per word, as
 * WordCount's counter does. Emits nothing.
 */
public final class CountingBolt extends BaseRichBolt {
    private final String mode;
    private final String outDir;
    private transient OutputCollector collector;
    private transient Map<String, long[]> counts;
    private transient Reporter.Counter received;
    private transient Reporter reporter;

    public CountingBolt(String mode, String outDir) {
        this.mode = mode;
        this.outDir = outDir;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        counts = "count".equals(mode) ? new HashMap<>() : null;
        received = new Reporter.Counter();
        reporter = Reporter.start(outDir, "bolt", context.getThisTaskId(), 200, () -> Long.toString(received.get()));
    }

    @Override
    public void execute(Tuple input) {
        if (counts != null) {
            counts.computeIfAbsent(input.getString(0), w -> new long[1])[0]++;
        }
        received.inc();
        collector.ack(input);
    }

    @Override
    public void cleanup() {
        if (reporter != null) {
            reporter.stop();
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {}
}
