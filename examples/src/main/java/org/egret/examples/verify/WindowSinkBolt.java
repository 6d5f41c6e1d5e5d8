package org.egret.examples.verify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Tuple;
import org.egret.examples.AppendedFile;

/**
 * Writes what the windowed bolts emit to {@code <dir>/windows-<task>.txt}, one line per tuple, in
 * arrival order: {@code W <bolt> <end> <ids> <new> <expired>} for a window summary and
 * {@code L <bolt> <id> <ts>} for a tuple on a late-tuple stream (whose one value is the late tuple).
 */
public final class WindowSinkBolt extends BaseRichBolt {
    private final String dir;
    private final String lateStream;
    private transient BufferedWriter out;
    private transient OutputCollector collector;

    public WindowSinkBolt(String dir, String lateStream) {
        this.dir = dir;
        this.lateStream = lateStream;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        out = AppendedFile.open(dir, "windows-" + context.getThisTaskId() + ".txt");
    }

    @Override
    public void execute(Tuple tuple) {
        String line;
        if (lateStream.equals(tuple.getSourceStreamId())) {
            Tuple late = (Tuple) tuple.getValue(0);
            line = "L " + tuple.getSourceComponent() + " " + late.getLongByField("id") + " "
                    + late.getLongByField("ts");
        } else {
            line = "W " + tuple.getSourceComponent() + " " + tuple.getValueByField("end") + " "
                    + tuple.getStringByField("ids") + " " + tuple.getStringByField("new") + " "
                    + tuple.getStringByField("expired");
        }
        try {
            out.write(line + "\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        collector.ack(tuple);
    }

    @Override
    public void cleanup() {
        AppendedFile.close(out);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {}
}
