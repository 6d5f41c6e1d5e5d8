package org.egret.examples.verify;

import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Tuple;

/** Mains that a Storm user might get wrong; the end-to-end tests check that each fails clearly. */
public final class BrokenTopologies {
    private BrokenTopologies() {}

    /** Returns without submitting anything. */
    public static final class NeverSubmits {
        public static void main(String[] args) {
            System.out.println("forgot to call StormSubmitter");
        }
    }

    /** A bolt with parallelism 0. */
    public static final class ZeroParallelism {
        public static void main(String[] args) throws Exception {
            TopologyBuilder b = new TopologyBuilder();
            b.setSpout("numbers", new NumberSpout(10, 2, null), 1);
            b.setBolt("sink", new RecorderBolt("/tmp", false), 0).shuffleGrouping("numbers");
            StormSubmitter.submitTopology(args[0], new Config(), b.createTopology());
        }
    }

    /** A bolt subscribed to a component that does not exist. */
    public static final class UnknownComponent {
        public static void main(String[] args) throws Exception {
            TopologyBuilder b = new TopologyBuilder();
            b.setSpout("numbers", new NumberSpout(10, 2, null), 1);
            b.setBolt("sink", new RecorderBolt("/tmp", false), 1).shuffleGrouping("nosuchspout");
            StormSubmitter.submitTopology(args[0], new Config(), b.createTopology());
        }
    }

    /** Asks for Java serialization of unregistered classes, which a cluster refuses unless it allows it. */
    public static final class JavaSerialization {
        public static void main(String[] args) throws Exception {
            TopologyBuilder b = new TopologyBuilder();
            b.setSpout("numbers", new NumberSpout(10, 2, null), 1);
            Config conf = new Config();
            conf.setFallBackOnJavaSerialization(true);
            StormSubmitter.submitTopology(args[0], conf, b.createTopology());
        }
    }

    /** A topology whose one bolt asks for more memory than any container may hold. */
    public static final class TooBig {
        public static void main(String[] args) throws Exception {
            TopologyBuilder b = new TopologyBuilder();
            b.setSpout("numbers", new NumberSpout(10, 2, null), 1);
            b.setBolt("sink", new RecorderBolt("/tmp", false), 1)
                    .shuffleGrouping("numbers")
                    .setMemoryLoad(100000.0);
            StormSubmitter.submitTopology(args[0], new Config(), b.createTopology());
        }
    }

    /** A bolt that throws in prepare, so its JVM dies every time it starts. */
    public static final class CrashingBolt extends BaseRichBolt {
        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            throw new IllegalStateException("this bolt always crashes");
        }

        @Override
        public void execute(Tuple input) {}

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {}
    }

    /** A topology with one crashing bolt: its executor must give up on it and say so. */
    public static final class CrashLoop {
        public static void main(String[] args) throws Exception {
            TopologyBuilder b = new TopologyBuilder();
            b.setSpout("numbers", new NumberSpout(10, 2, null), 1);
            b.setBolt("crasher", new CrashingBolt(), 1).shuffleGrouping("numbers");
            Config conf = new Config();
            conf.setNumWorkers(1);
            StormSubmitter.submitTopology(args[0], conf, b.createTopology());
        }
    }
}
