package org.egret.examples.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.storm.hooks.BaseTaskHook;
import org.apache.storm.hooks.info.BoltAckInfo;
import org.apache.storm.hooks.info.BoltExecuteInfo;
import org.apache.storm.hooks.info.BoltFailInfo;
import org.apache.storm.hooks.info.EmitInfo;
import org.apache.storm.hooks.info.SpoutAckInfo;
import org.apache.storm.hooks.info.SpoutFailInfo;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.utils.TupleUtils;
import org.egret.examples.AtomicFile;

/**
 * A task hook (topology.auto.task.hooks) that counts what Storm tells it, per task, and writes the
 * counts as "name value" lines to {@code <dir>/hooks-<component>-<task>.txt} every half second.
 * The directory comes from the topology config key {@link #DIR}.
 */
public final class CountingTaskHook extends BaseTaskHook {
    public static final String DIR = "egret.verify.hooks.dir";
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private transient ScheduledExecutorService writer;
    private Path file;

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context) {
        Path dir = Path.of((String) conf.get(DIR));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        file = dir.resolve("hooks-" + context.getThisComponentId() + "-" + context.getThisTaskId() + ".txt");
        count("prepare");
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "counting-task-hook");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleWithFixedDelay(this::write, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void count(String name) {
        counts.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    private synchronized void write() {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(counts)
                .forEach((k, v) -> s.append(k).append(' ').append(v.sum()).append('\n'));
        AtomicFile.replace(file, s);
    }

    @Override
    public void emit(EmitInfo info) {
        count("emit");
    }

    @Override
    public void spoutAck(SpoutAckInfo info) {
        count("spoutAck");
    }

    @Override
    public void spoutFail(SpoutFailInfo info) {
        count("spoutFail");
    }

    @Override
    public void boltExecute(BoltExecuteInfo info) {
        count(TupleUtils.isTick(info.tuple) ? "boltExecuteTick" : "boltExecute");
    }

    @Override
    public void boltAck(BoltAckInfo info) {
        count("boltAck");
    }

    @Override
    public void boltFail(BoltFailInfo info) {
        count("boltFail");
    }

    @Override
    public void cleanup() {
        count("cleanup");
        writer.shutdown();
        write();
    }
}
