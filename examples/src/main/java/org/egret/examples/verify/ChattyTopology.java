package org.egret.examples.verify;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disk-bound check: a bolt that logs {@code logBytesPerSec} through SLF4J and prints
 * {@code outBytesPerSec} to stdout, paced by a spout that ticks every 10 ms, in one container. Each
 * log line is {@link #LINE_BYTES} long and carries its sequence number, so a reader of the newest
 * line knows how much was written in all. {@code args: <name> <logBytesPerSec> <outBytesPerSec>}.
 */
public final class ChattyTopology {
    /** Bytes of one log line as the bolt formats it (the layout's prefix comes on top). */
    public static final int LINE_BYTES = 1000;

    public static final String MARKER = "chatty line ";

    private ChattyTopology() {}

    public static void main(String[] args) throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("ticks", new TickSpout(), 1);
        b.setBolt("chatty", new ChattyBolt(Long.parseLong(args[1]), Long.parseLong(args[2])), 1)
                .shuffleGrouping("ticks");
        Config conf = new Config();
        conf.setNumWorkers(1);
        StormSubmitter.submitTopology(args[0], conf, b.createTopology());
    }

    /** One tuple per 10 ms: the bolt's clock. */
    public static final class TickSpout extends BaseRichSpout {
        private transient SpoutOutputCollector collector;
        private transient long next;

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void nextTuple() {
            long now = System.nanoTime();
            if (now < next) {
                Utils.sleep(1);
                return;
            }
            next = now + TimeUnit.MILLISECONDS.toNanos(10);
            collector.emit(new Values(now));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("t"));
        }
    }

    /** Catches up with its byte rates on every tick, so a late tick does not lower the rate. */
    public static final class ChattyBolt extends BaseRichBolt {
        private static final Logger LOG = LoggerFactory.getLogger(ChattyBolt.class);

        private final long logBytesPerSec;
        private final long outBytesPerSec;
        private transient OutputCollector collector;
        private transient long startNanos;
        private transient long logged;
        private transient long printed;
        private transient String padding;

        public ChattyBolt(long logBytesPerSec, long outBytesPerSec) {
            this.logBytesPerSec = logBytesPerSec;
            this.outBytesPerSec = outBytesPerSec;
        }

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
            this.startNanos = System.nanoTime();
            this.padding = "x".repeat(LINE_BYTES);
        }

        @Override
        public void execute(Tuple input) {
            double secs = (System.nanoTime() - startNanos) / 1e9;
            while (logged < logBytesPerSec * secs) {
                LOG.info(line(logged / LINE_BYTES));
                logged += LINE_BYTES;
            }
            while (printed < outBytesPerSec * secs) {
                System.out.println(line(printed / LINE_BYTES));
                printed += LINE_BYTES;
            }
            collector.ack(input);
        }

        private String line(long n) {
            String head = MARKER + n + " ";
            return head + padding.substring(head.length() + 1);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {}
    }
}
