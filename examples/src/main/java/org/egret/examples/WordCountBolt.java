package org.egret.examples;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.storm.Config;
import org.apache.storm.Constants;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Tuple;

/**
 * Counts words. Publishes its five most frequent words as a Storm metric ({@code top-words},
 * which {@code egret watch} shows) and, given an output dir, writes its counts there on every
 * tick tuple.
 */
public final class WordCountBolt extends BaseBasicBolt {
    private final String outputDir;
    private transient Map<String, Long> counts;
    private transient int taskId;
    private transient boolean dirty;

    public WordCountBolt(String outputDir) {
        this.outputDir = outputDir;
    }

    @Override
    public void prepare(Map<String, Object> topoConf, TopologyContext context) {
        counts = new HashMap<>();
        taskId = context.getThisTaskId();
        context.registerMetric(
                "top-words",
                (IMetric) () -> counts.entrySet().stream()
                        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                        .limit(5)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                1);
    }

    @Override
    public void execute(Tuple tuple, BasicOutputCollector collector) {
        if (Constants.SYSTEM_COMPONENT_ID.equals(tuple.getSourceComponent())
                && Constants.SYSTEM_TICK_STREAM_ID.equals(tuple.getSourceStreamId())) {
            writeCounts();
            return;
        }
        counts.merge(tuple.getString(0), 1L, Long::sum);
        dirty = true;
    }

    private void writeCounts() {
        if (outputDir.isEmpty() || !dirty) {
            return;
        }
        CountsFile.write(outputDir, taskId, counts);
        dirty = false;
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, 1);
        return conf;
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {}
}
