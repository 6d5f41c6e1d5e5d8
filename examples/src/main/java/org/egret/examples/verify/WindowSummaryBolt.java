package org.egret.examples.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseWindowedBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.windowing.TupleWindow;
import org.egret.examples.AtomicFile;

/**
 * Emits one summary per window it is given: the ids in the window, the new ones, the expired ones
 * (each as "1,2,3", "-" when empty) and the window's end timestamp. Storm calls it on the task
 * thread for count windows and on its trigger or watermark thread for time windows; the emit is
 * anchored to the window's tuples by Storm's windowed collector. It also writes the latest window
 * end to {@code <dir>/progress-<component>} so the spout can tell how far the watermark got.
 */
public final class WindowSummaryBolt extends BaseWindowedBolt {
    private final String dir;
    private transient OutputCollector collector;
    private transient Path progress;

    public WindowSummaryBolt(String dir) {
        this.dir = dir;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        try {
            progress = Files.createDirectories(Path.of(dir)).resolve("progress-" + context.getThisComponentId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void execute(TupleWindow window) {
        Long end = window.getEndTimestamp();
        collector.emit(new Values(ids(window.get()), ids(window.getNew()), ids(window.getExpired()), end));
        if (end != null) {
            AtomicFile.replace(progress, end.toString());
        }
    }

    /** The end of the last window {@code component} reported in {@code dir}; 0 before its first. */
    static long lastWindowEnd(Path dir, String component) {
        try {
            Path f = dir.resolve("progress-" + component);
            return Files.exists(f) ? Long.parseLong(Files.readString(f).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static String ids(List<Tuple> tuples) {
        return tuples.isEmpty()
                ? "-"
                : tuples.stream()
                        .map(t -> String.valueOf(t.getLongByField("id")))
                        .collect(Collectors.joining(","));
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("ids", "new", "expired", "end"));
    }
}
