package org.egret.examples.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.TupleUtils;
import org.egret.examples.CountsFile;
import org.egret.examples.SentenceSpout;

/**
 * WordCount with a gate that crashes in {@code prepare} for as long as its container's first
 * executor lives, so that only a replaced container gets it running. Reliable end to end: sentences
 * carry ids and are replayed when they fail or time out, and counters skip words they have counted
 * already, so the counts come out exact however many replays the crash causes.
 * {@code args: <name> <sentences> <output-dir> <marker-dir>}.
 */
public final class CrashOnceTopology {
    /** Written by the gate: the pid of the executor under which it crashes. */
    public static final String FIRST_EXECUTOR = "first-executor";

    private CrashOnceTopology() {}

    public static void main(String[] args) throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("sentences", new ReplayingSentenceSpout(Long.parseLong(args[1])), 1);
        b.setBolt("gate", new CrashUnderFirstExecutorBolt(args[3]), 1).shuffleGrouping("sentences");
        b.setBolt("split", new SplitBolt(), 2).shuffleGrouping("gate");
        b.setBolt("count", new DedupCountBolt(args[2]), 2).fieldsGrouping("split", new Fields("word"));
        Config conf = new Config();
        conf.setNumWorkers(2);
        conf.setMessageTimeoutSecs(3);
        conf.setMaxSpoutPending(500);
        StormSubmitter.submitTopology(args[0], conf, b.createTopology());
    }

    /** Sentences 0..limit-1, each with its id as message id; a failed one is emitted again. */
    public static final class ReplayingSentenceSpout extends BaseRichSpout {
        private final long limit;
        private transient SpoutOutputCollector collector;
        private transient long next;
        private transient Deque<Long> replay;

        public ReplayingSentenceSpout(long limit) {
            this.limit = limit;
        }

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            this.collector = collector;
            this.replay = new ArrayDeque<>();
        }

        @Override
        public void nextTuple() {
            Long id = replay.pollFirst();
            if (id == null && next < limit) {
                id = next++;
            }
            if (id != null) {
                collector.emit(
                        new Values(id, SentenceSpout.SENTENCES[(int) (id % SentenceSpout.SENTENCES.length)]), id);
            }
        }

        @Override
        public void fail(Object msgId) {
            replay.addLast((Long) msgId);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("id", "sentence"));
        }
    }

    /**
     * Passes sentences on. The first time it is prepared it records its executor's pid (its parent
     * process) in the marker directory; while that executor lives every prepare throws, so the
     * executor gives the task up. Under a new executor (a replaced container) it runs.
     */
    public static final class CrashUnderFirstExecutorBolt extends BaseRichBolt {
        private final String markerDir;
        private transient OutputCollector collector;

        public CrashUnderFirstExecutorBolt(String markerDir) {
            this.markerDir = markerDir;
        }

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
            long executor =
                    ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
            Path marker = Path.of(markerDir, FIRST_EXECUTOR);
            try {
                Files.createDirectories(marker.getParent());
                Path tmp = Files.createTempFile(marker.getParent(), ".first", ".tmp");
                Files.writeString(tmp, Long.toString(executor), StandardCharsets.US_ASCII);
                try {
                    // a link, not a move: only the first incarnation may create the marker
                    Files.createLink(marker, tmp);
                } catch (FileAlreadyExistsException e) {
                    // a later prepare: the marker says who the first executor was
                } finally {
                    Files.delete(tmp);
                }
                long first = Long.parseLong(
                        Files.readString(marker, StandardCharsets.US_ASCII).trim());
                if (first == executor) {
                    throw new IllegalStateException(
                            "crashing on purpose: this container's first executor (pid " + executor + ") still runs");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void execute(Tuple input) {
            collector.emit(input, new Values(input.getLong(0), input.getString(1)));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("id", "sentence"));
        }
    }

    /** Words of a sentence, each with the sentence id and its position, anchored to the sentence. */
    public static final class SplitBolt extends BaseBasicBolt {
        @Override
        public void execute(Tuple input, BasicOutputCollector collector) {
            String[] words = input.getString(1).split(" ");
            for (int i = 0; i < words.length; i++) {
                collector.emit(new Values(input.getLong(0) + ":" + i, words[i]));
            }
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("key", "word"));
        }
    }

    /**
     * Counts each (sentence, position) once and writes {@code counts-<task>.txt} (one "word count" a
     * line) on every tick, as {@code WordCountBolt} does.
     */
    public static final class DedupCountBolt extends BaseBasicBolt {
        private final String outputDir;
        private transient Set<String> seen;
        private transient Map<String, Long> counts;
        private transient int taskId;
        private transient boolean dirty;

        public DedupCountBolt(String outputDir) {
            this.outputDir = outputDir;
        }

        @Override
        public void prepare(Map<String, Object> topoConf, TopologyContext context) {
            seen = new HashSet<>();
            counts = new HashMap<>();
            taskId = context.getThisTaskId();
        }

        @Override
        public void execute(Tuple tuple, BasicOutputCollector collector) {
            if (TupleUtils.isTick(tuple)) {
                write();
                return;
            }
            if (seen.add(tuple.getString(0))) {
                counts.merge(tuple.getString(1), 1L, Long::sum);
                dirty = true;
            }
        }

        private void write() {
            if (dirty) {
                CountsFile.write(outputDir, taskId, counts);
                dirty = false;
            }
        }

        @Override
        public Map<String, Object> getComponentConfiguration() {
            return TupleUtils.putTickFrequencyIntoComponentConfig(null, 1);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {}
    }
}
