package org.egret.examples.verify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.Constants;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Tuple;
import org.egret.examples.AppendedFile;

/**
 * Appends every id it receives to {@code <dir>/sink-<task>-<pid>.txt} (a file per incarnation, so
 * a restarted sink never truncates what it wrote) and flushes before it acks a tick's worth.
 * Ids are acked only after the flush, so an acked id is always on disk.
 */
public final class IdSinkBolt extends BaseRichBolt {
    private final String dir;
    private transient BufferedWriter out;
    private transient OutputCollector collector;
    private transient List<Tuple> unacked;

    public IdSinkBolt(String dir) {
        this.dir = dir;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        unacked = new ArrayList<>();
        out = AppendedFile.open(
                dir,
                "sink-" + context.getThisTaskId() + "-"
                        + ProcessHandle.current().pid() + ".txt");
    }

    @Override
    public void execute(Tuple tuple) {
        try {
            if (Constants.SYSTEM_COMPONENT_ID.equals(tuple.getSourceComponent())) {
                flushAndAck();
                return;
            }
            // a Number, not getLong: a multilang component's ids arrive as JSON numbers, Integer when small
            out.write(Long.toString(((Number) tuple.getValue(0)).longValue()));
            out.write('\n');
            unacked.add(tuple);
            if (unacked.size() >= 500) {
                flushAndAck();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flushAndAck() throws IOException {
        out.flush();
        for (Tuple t : unacked) {
            collector.ack(t);
        }
        unacked.clear();
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
    public void declareOutputFields(OutputFieldsDeclarer declarer) {}
}
