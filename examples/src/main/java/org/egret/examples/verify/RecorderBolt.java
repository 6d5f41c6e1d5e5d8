package org.egret.examples.verify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.Constants;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.egret.examples.AppendedFile;

/**
 * Writes every tuple it receives as a line {@code <thisTask> <sourceComponent> <sourceTask> <stream> <values...>}
 * to {@code <dir>/<component>-<task>.txt}, flushed on tick tuples, and passes the first value on,
 * so the end-to-end tests can check each grouping's semantics from outside.
 */
public final class RecorderBolt extends BaseRichBolt {
    private final String dir;
    private final boolean forward;
    private transient BufferedWriter out;
    private transient int taskId;
    private transient OutputCollector collector;

    public RecorderBolt(String dir, boolean forward) {
        this.dir = dir;
        this.forward = forward;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        taskId = context.getThisTaskId();
        out = AppendedFile.open(dir, context.getThisComponentId() + "-" + taskId + ".txt");
    }

    @Override
    public void execute(Tuple tuple) {
        try {
            if (Constants.SYSTEM_COMPONENT_ID.equals(tuple.getSourceComponent())) {
                out.flush();
                collector.ack(tuple);
                return;
            }
            StringBuilder line = new StringBuilder()
                    .append(taskId)
                    .append(' ')
                    .append(tuple.getSourceComponent())
                    .append(' ')
                    .append(tuple.getSourceTask())
                    .append(' ')
                    .append(tuple.getSourceStreamId());
            for (Object v : tuple.getValues()) {
                line.append(' ').append(v);
            }
            out.write(line.append('\n').toString());
            if (forward) {
                collector.emit(tuple, new Values(tuple.getValue(0), tuple.getValue(1)));
            }
            collector.ack(tuple);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void cleanup() {
        AppendedFile.close(out);
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS, 1);
        return conf;
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("id", "key"));
    }
}
