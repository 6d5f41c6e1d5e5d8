package org.egret.examples.verify;

import java.nio.file.Path;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.egret.examples.multilang.PythonBolt;
import org.egret.examples.multilang.PythonSpout;
import org.egret.examples.multilang.PythonWordCountTopology;

/**
 * Multilang check: four independent pipelines with Python 3 components, over 2 containers, in one
 * topology so that one submit checks them all. Each writes under its own directory of {@code <dir>}:
 * <ul>
 *   <li>{@link #WORDCOUNT}: sentences -> Python split -> count ({@link PythonWordCountTopology});</li>
 *   <li>{@link #FLAKY}: reliable ids -> Python bolt failing every 7th id once ({@code flaky.py}) -> sink;</li>
 *   <li>{@link #PY_SPOUT}: a reliable Python spout of ids ({@code numbers.py}) -> sink;</li>
 *   <li>{@link #HANG}: paced reliable ids -> a Python bolt that hangs on one id once ({@code hang_once.py}),
 *   so that ShellBolt's heartbeat timeout ({@code topology.subprocess.timeout.secs}) must end its task.</li>
 * </ul>
 * {@code args: <name> <dir> <sentences> <flaky ids> <python spout ids> <hang ids> <hang at id>}.
 */
public final class MultilangTopology {
    public static final String WORDCOUNT = "wordcount";
    public static final String FLAKY = "flaky";
    public static final String PY_SPOUT = "py-spout";
    public static final String HANG = "hang";
    /** The component whose Python subprocess hangs. */
    public static final String HANGING_BOLT = "hanging";
    /** Ids a second the hang pipeline's spout emits, so that the hang comes soon but not at once. */
    public static final int HANG_IDS_PER_SECOND = 20;

    public static final int SUBPROCESS_TIMEOUT_SECS = 5;

    private MultilangTopology() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        long sentences = Long.parseLong(args[2]);
        long flakyIds = Long.parseLong(args[3]);
        long spoutIds = Long.parseLong(args[4]);
        long hangIds = Long.parseLong(args[5]);
        String hangAt = args[6];
        TopologyBuilder b = new TopologyBuilder();

        PythonWordCountTopology.addWordCount(
                b, "", sentences, dir.resolve(WORDCOUNT).toString());

        String flaky = dir.resolve(FLAKY).toString();
        b.setSpout("ids", new ReliableIdSpout(flakyIds, flaky, 0), 1);
        b.setBolt("flaky", new PythonBolt(new Fields("id"), "flaky.py"), 1).fieldsGrouping("ids", new Fields("id"));
        b.setBolt("flaky-sink", new IdSinkBolt(flaky), 1).shuffleGrouping("flaky");

        b.setSpout("py-numbers", new PythonSpout(new Fields("id"), "numbers.py", Long.toString(spoutIds)), 1);
        b.setBolt("py-numbers-sink", new IdSinkBolt(dir.resolve(PY_SPOUT).toString()), 1)
                .shuffleGrouping("py-numbers");

        String hang = dir.resolve(HANG).toString();
        b.setSpout("paced-ids", new ReliableIdSpout(hangIds, hang, HANG_IDS_PER_SECOND), 1);
        b.setBolt(HANGING_BOLT, new PythonBolt(new Fields(), "hang_once.py", hang, hangAt), 1)
                .shuffleGrouping("paced-ids");

        Config conf = new Config();
        conf.setNumWorkers(2);
        conf.setMaxSpoutPending(200);
        // short: what the hung task held is replayed only after it (few ids in flight, so none time out otherwise)
        conf.setMessageTimeoutSecs(5);
        conf.put(Config.TOPOLOGY_SUBPROCESS_TIMEOUT_SECS, SUBPROCESS_TIMEOUT_SECS);
        StormSubmitter.submitTopology(args[0], conf, b.createTopology());
    }
}
