package org.egret.examples.multilang;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Fields;

/**
 * A bolt written in Python 3: Storm's ShellBolt running {@code python3 <script> [args...]} in the
 * topology's code directory, where the jar's {@code resources/} (the script and Storm's
 * {@code storm.py}) is unpacked. Declares the given output fields on the default stream.
 */
public class PythonBolt extends ShellBolt implements IRichBolt {
    private final Fields output;

    public PythonBolt(Fields output, String script, String... args) {
        super(command(script, args));
        this.output = output;
    }

    static String[] command(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of("python3", script));
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        if (!output.toList().isEmpty()) {
            declarer.declare(output);
        }
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        return null;
    }
}
