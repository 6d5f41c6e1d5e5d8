package org.egret.storm.submit;

import java.util.HashMap;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.SubmitOptions;
import org.apache.storm.generated.TopologyInitialStatus;
import org.apache.storm.topology.TopologyBuilder;
import org.egret.storm.fixtures.Fixtures;

/** Storm mains the capture tests run, as a user's jar would contain them. */
public final class TestMains {
    private TestMains() {}

    static TopologyBuilder simple() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Fixtures.StreamsSpout("default"), 2);
        b.setBolt("bolt", new Fixtures.NoopBolt(), 3).shuffleGrouping("spout");
        return b;
    }

    public static class Good {
        public static void main(String[] args) throws Exception {
            Config conf = new Config();
            conf.setNumWorkers(2);
            conf.put("user.key", args.length > 1 ? args[1] : "none");
            StormSubmitter.submitTopology(args[0], conf, simple().createTopology());
        }
    }

    public static class Inactive {
        public static void main(String[] args) throws Exception {
            StormSubmitter.submitTopology(
                    args[0],
                    new Config(),
                    simple().createTopology(),
                    new SubmitOptions(TopologyInitialStatus.INACTIVE));
        }
    }

    public static class WrongName {
        public static void main(String[] args) throws Exception {
            StormSubmitter.submitTopology("other-name", new Config(), simple().createTopology());
        }
    }

    public static class Throws {
        public static void main(String[] args) {
            throw new IllegalStateException("wrapper", new IllegalArgumentException("bad input file"));
        }
    }

    public static class Returns {
        public static void main(String[] args) {}
    }

    public static class Hangs {
        public static void main(String[] args) throws InterruptedException {
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    public static class UnknownStream {
        public static void main(String[] args) throws Exception {
            TopologyBuilder b = new TopologyBuilder();
            b.setSpout("spout", new Fixtures.StreamsSpout("default"), 1);
            b.setBolt("bolt", new Fixtures.NoopBolt(), 1).shuffleGrouping("spout", "nope");
            StormSubmitter.submitTopology(args[0], new HashMap<>(), b.createTopology());
        }
    }

    public static class ZeroTasks {
        public static void main(String[] args) throws Exception {
            TopologyBuilder b = simple();
            b.setBolt("zero", new Fixtures.NoopBolt(), 1).setNumTasks(0).shuffleGrouping("spout");
            StormSubmitter.submitTopology(args[0], new HashMap<>(), b.createTopology());
        }
    }

    public static class JavaSerialization {
        public static void main(String[] args) throws Exception {
            Config conf = new Config();
            conf.setFallBackOnJavaSerialization(true);
            StormSubmitter.submitTopology(args[0], conf, simple().createTopology());
        }
    }
}
