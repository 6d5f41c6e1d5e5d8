package org.egret.examples.multilang;

import java.util.Map;
import org.apache.storm.spout.ShellSpout;
import org.apache.storm.topology.IRichSpout;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Fields;

/** A spout written in Python 3: Storm's ShellSpout running {@code python3 <script> [args...]}, as {@link PythonBolt}. */
public class PythonSpout extends ShellSpout implements IRichSpout {
    private final Fields output;

    public PythonSpout(Fields output, String script, String... args) {
        super(PythonBolt.command(script, args));
        this.output = output;
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(output);
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        return null;
    }
}
