package org.egret.examples.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.storm.state.KeyValueState;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseStatefulBolt;
import org.apache.storm.tuple.Tuple;
import org.egret.examples.AtomicFile;

/**
 * A stateful bolt on Storm's default in-memory {@code KeyValueState}: sums ids by {@code id % 3}
 * and counts them. Before each checkpoint commit it writes what it is about to commit to
 * {@code <dir>/sums-<task>.txt}: {@code <commits> <count> <sum0> <sum1> <sum2>}.
 */
public final class KeyedSumBolt extends BaseStatefulBolt<KeyValueState<String, Long>> {
    private final String dir;
    private transient KeyValueState<String, Long> state;
    private transient OutputCollector collector;
    private transient Path file;
    private transient long commits;

    public KeyedSumBolt(String dir) {
        this.dir = dir;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        try {
            file = Files.createDirectories(Path.of(dir)).resolve("sums-" + context.getThisTaskId() + ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void initState(KeyValueState<String, Long> state) {
        this.state = state;
    }

    @Override
    public void execute(Tuple input) {
        long id = input.getLongByField("id");
        String key = "k" + id % 3;
        state.put(key, state.get(key, 0L) + id);
        state.put("count", state.get("count", 0L) + 1);
        collector.ack(input);
    }

    @Override
    public void preCommit(long txid) {
        commits++;
        String line = commits + " " + state.get("count", 0L) + " " + state.get("k0", 0L) + " " + state.get("k1", 0L)
                + " " + state.get("k2", 0L) + "\n";
        AtomicFile.replace(file, line);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {}
}
