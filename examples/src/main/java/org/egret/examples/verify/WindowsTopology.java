package org.egret.examples.verify;

import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseWindowedBolt;
import org.apache.storm.topology.base.BaseWindowedBolt.Count;
import org.apache.storm.topology.base.BaseWindowedBolt.Duration;

/**
 * Every kind of Storm window side by side, fed by one spout, plus a stateful bolt, in one topology
 * on two containers: sliding and tumbling windows by count, by processing time and by event time
 * (timestamp field, lag, watermark interval, late-tuple stream), each summarizing its windows to
 * one sink; and a {@link KeyedSumBolt} on the in-memory KeyValueState with a short checkpoint
 * interval and no Kryo registration of its own (topology.fall.back.on.java.serialization false).
 * {@code args: <name> <output-dir>}.
 *
 * <p>The schedule of ids and event times is fixed here, so a test can compute every window.
 */
public final class WindowsTopology {
    /** Reliable ids 1..IDS, then FILLERS unreliable ids. */
    public static final int IDS = 60;

    public static final int FILLERS = 20;
    /** Event time of id i is i * STEP_MS, except for the late ids and the fillers. */
    public static final long STEP_MS = 100;
    /** Late ids and their (old) event times. */
    public static final Map<Long, Long> LATE = Map.of(31L, 150L, 32L, 1250L);
    /** Fillers' event times start here: far ahead, they move the watermark past every reliable id. */
    public static final long FILLER_BASE_MS = 20000;
    /** The late ids go once every event-time bolt has closed a window ending here or later. */
    public static final long LATE_AFTER_WINDOW_END = 2000;

    public static final int LAG_MS = 500;
    public static final int WATERMARK_INTERVAL_MS = 200;
    public static final String LATE_STREAM = "late";
    public static final int IDS_PER_SECOND = 20;

    public static final int COUNT_LENGTH = 10;
    public static final int COUNT_SLIDE = 5;
    public static final int TIME_LENGTH_MS = 2000;
    public static final int TIME_SLIDE_MS = 1000;

    private WindowsTopology() {}

    public static long eventTime(long id) {
        Long late = LATE.get(id);
        if (late != null) {
            return late;
        }
        return id <= IDS ? id * STEP_MS : FILLER_BASE_MS + (id - IDS) * STEP_MS;
    }

    public static long firstLateId() {
        return LATE.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    public static void main(String[] args) throws Exception {
        String dir = args[1];
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("events", new WindowEventSpout(dir, IDS_PER_SECOND, List.of("event-sliding", "event-tumbling")), 1);
        window(
                b,
                "count-sliding",
                new WindowSummaryBolt(dir).withWindow(Count.of(COUNT_LENGTH), Count.of(COUNT_SLIDE)));
        window(b, "count-tumbling", new WindowSummaryBolt(dir).withTumblingWindow(Count.of(COUNT_LENGTH)));
        window(
                b,
                "time-sliding",
                new WindowSummaryBolt(dir).withWindow(Duration.of(TIME_LENGTH_MS), Duration.of(TIME_SLIDE_MS)));
        window(b, "time-tumbling", new WindowSummaryBolt(dir).withTumblingWindow(Duration.of(TIME_SLIDE_MS)));
        window(
                b,
                "event-sliding",
                eventTime(new WindowSummaryBolt(dir)
                        .withWindow(Duration.of(TIME_LENGTH_MS), Duration.of(TIME_SLIDE_MS))));
        window(
                b,
                "event-tumbling",
                eventTime(new WindowSummaryBolt(dir).withTumblingWindow(Duration.of(TIME_SLIDE_MS))));
        b.setBolt("sink", new WindowSinkBolt(dir, LATE_STREAM), 1)
                .shuffleGrouping("count-sliding")
                .shuffleGrouping("count-tumbling")
                .shuffleGrouping("time-sliding")
                .shuffleGrouping("time-tumbling")
                .shuffleGrouping("event-sliding")
                .shuffleGrouping("event-tumbling")
                .shuffleGrouping("event-sliding", LATE_STREAM)
                .shuffleGrouping("event-tumbling", LATE_STREAM);
        b.setBolt("sums", new KeyedSumBolt(dir), 1).shuffleGrouping("events");

        Config conf = new Config();
        conf.setNumWorkers(2);
        conf.setMessageTimeoutSecs(60);
        conf.setFallBackOnJavaSerialization(false);
        conf.put(Config.TOPOLOGY_STATE_CHECKPOINT_INTERVAL, 500);
        StormSubmitter.submitTopology(args[0], conf, b.createTopology());
    }

    private static BaseWindowedBolt eventTime(BaseWindowedBolt bolt) {
        return bolt.withTimestampField("ts")
                .withLag(Duration.of(LAG_MS))
                .withWatermarkInterval(Duration.of(WATERMARK_INTERVAL_MS))
                .withLateTupleStream(LATE_STREAM);
    }

    private static void window(TopologyBuilder b, String name, BaseWindowedBolt bolt) {
        b.setBolt(name, bolt, 1).shuffleGrouping("events");
    }
}
