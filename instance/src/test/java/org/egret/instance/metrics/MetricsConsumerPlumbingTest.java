package org.egret.instance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.Constants;
import org.apache.storm.metric.MetricsConsumerBolt;
import org.apache.storm.metric.api.CountMetric;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.metric.api.IMetricsConsumer;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.serialization.KryoValuesDeserializer;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.apache.storm.task.IOutputCollector;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.TupleImpl;
import org.egret.instance.TaskContexts;
import org.egret.instance.TaskMetrics;
import org.egret.instance.TaskMetricsReporter;
import org.junit.jupiter.api.Test;

/**
 * From a task's metrics to a registered IMetricsConsumer, without processes: the task's reporter emits its
 * metrics tick on {@code __metrics}, the tuple crosses Kryo as it would between containers, and Storm's
 * MetricsConsumerBolt in the consumer's component hands the consumer Storm's TaskInfo and DataPoints.
 */
class MetricsConsumerPlumbingTest {
    /** What the consumer of the current test received. */
    static final List<String> RECEIVED = new ArrayList<>();

    /** Records {@code component/task interval name=value} per data point. */
    public static final class RecordingConsumer implements IMetricsConsumer {
        @Override
        public void prepare(
                Map<String, Object> conf,
                Object argument,
                TopologyContext context,
                org.apache.storm.task.IErrorReporter errors) {
            synchronized (RECEIVED) {
                RECEIVED.add("prepared " + context.getThisComponentId() + " " + argument);
            }
        }

        @Override
        public void handleDataPoints(TaskInfo info, Collection<DataPoint> points) {
            synchronized (RECEIVED) {
                for (DataPoint p : points) {
                    RECEIVED.add(info.srcComponentId + "/" + info.srcTaskId + " " + info.updateIntervalSecs + " "
                            + p.name + "=" + p.value);
                }
                RECEIVED.notifyAll();
            }
        }

        @Override
        public void cleanup() {}
    }

    private static Map<String, Object> register(boolean v2) {
        Map<String, Object> registration = new HashMap<>();
        registration.put("class", RecordingConsumer.class.getName());
        registration.put("parallelism.hint", 1);
        registration.put("argument", "arg");
        registration.put("blacklist", List.of("hidden"));
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_METRICS_CONSUMER_REGISTER, List.of(registration));
        if (v2) {
            conf.put(Config.TOPOLOGY_ENABLE_V2_METRICS_TICK, true);
            conf.put(Config.TOPOLOGY_V2_METRICS_TICK_INTERVAL_SECONDS, 2);
        }
        return conf;
    }

    @Test
    void aTasksMetricsTickReachesTheConsumer() throws Exception {
        RECEIVED.clear();
        TaskContexts contexts = new TaskContexts(register(true));
        String consumer = Constants.METRICS_COMPONENT_ID_PREFIX + RecordingConsumer.class.getName();
        int bolt = contexts.tasks("bolt").get(0);
        StormMetricRegistry registry = new StormMetricRegistry();
        Map<Integer, Map<Integer, Map<String, IMetric>>> registered = new HashMap<>();
        TopologyContext context = contexts.task(bolt, registry, registered);
        Counter counter = context.registerCounter("tuples");
        CountMetric v1 = context.registerMetric("v1-tuples", new CountMetric(), 2);
        context.registerMetric("hidden", new CountMetric(), 2).incr();
        context.registerMetric("every-5s", new CountMetric(), 5).incr();
        counter.inc(3);
        v1.incrBy(3);

        List<List<Object>> emitted = new ArrayList<>();
        MetricsConsumerFeed feed =
                MetricsConsumerFeed.of(context, contexts.conf, "host-a", registry, (stream, values) -> {
                    assertEquals(Constants.METRICS_STREAM_ID, stream);
                    emitted.add(values);
                });
        TaskMetricsReporter reporter = new TaskMetricsReporter(
                        "bolt", bolt, new TaskMetrics(), registered, registry, 60_000, b -> {})
                .withConsumers(feed);
        long t0 = 1_000_000;
        reporter.tick(t0);
        reporter.tick(t0 + 2000);
        assertEquals(1, emitted.size(), "the 2 s tick: v1 and v2 metrics in one tuple");
        reporter.tick(t0 + 5000);
        assertEquals(3, emitted.size(), "the 2 s tick again, and the 5 s tick of the other v1 bucket");

        // the consumer's task: Storm's MetricsConsumerBolt, from the captured topology, on tuples that crossed Kryo
        int consumerTask = contexts.tasks(consumer).get(0);
        MetricsConsumerBolt bolt0 =
                (MetricsConsumerBolt) org.egret.instance.ComponentFactory.create(contexts.topology, consumer);
        List<Tuple> acked = new ArrayList<>();
        bolt0.prepare(
                contexts.conf,
                contexts.task(consumerTask, new StormMetricRegistry()),
                new OutputCollector(acking(acked)));
        KryoValuesSerializer out = new KryoValuesSerializer(contexts.conf);
        KryoValuesDeserializer in = new KryoValuesDeserializer(contexts.conf);
        for (List<Object> values : emitted) {
            List<Object> crossed = in.deserialize(out.serialize(values));
            bolt0.execute(
                    new TupleImpl(contexts.worker(consumerTask), crossed, "bolt", bolt, Constants.METRICS_STREAM_ID));
        }
        synchronized (RECEIVED) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (!RECEIVED.contains("bolt/" + bolt + " 5 every-5s=1") && System.currentTimeMillis() < deadline) {
                RECEIVED.wait(100);
            }
            String src = "bolt/" + bolt;
            assertEquals(
                    List.of(
                            "prepared " + consumer + " arg",
                            src + " 2 v1-tuples=3",
                            src + " 2 tuples=3",
                            src + " 2 v1-tuples=0",
                            src + " 2 tuples=3",
                            src + " 5 every-5s=1"),
                    RECEIVED,
                    "the blacklisted metric is filtered by Storm's bolt");
        }
        assertEquals(3, acked.size());
        bolt0.cleanup();
    }

    @Test
    void v2MetricsGoToConsumersOnlyWithTheV2Tick() {
        TaskContexts contexts = new TaskContexts(register(false));
        int bolt = contexts.tasks("bolt").get(0);
        StormMetricRegistry registry = new StormMetricRegistry();
        TopologyContext context = contexts.task(bolt, registry);
        context.registerCounter("tuples").inc();
        List<List<Object>> emitted = new ArrayList<>();
        MetricsConsumerFeed feed =
                MetricsConsumerFeed.of(context, contexts.conf, "h", registry, (s, v) -> emitted.add(v));
        assertNull(feed.v2IntervalSecs());
        TaskMetricsReporter reporter = new TaskMetricsReporter(
                        "bolt", bolt, new TaskMetrics(), new HashMap<>(), registry, 1000, b -> {})
                .withConsumers(feed);
        for (long t = 0; t <= 120_000; t += 500) {
            reporter.tick(1_000_000 + t);
        }
        assertTrue(emitted.isEmpty(), "no v1 metrics and no v2 tick: nothing to send, as on Storm");
    }

    @Test
    void noConsumerNoFeed() {
        TaskContexts contexts = new TaskContexts(new HashMap<>());
        int bolt = contexts.tasks("bolt").get(0);
        StormMetricRegistry registry = new StormMetricRegistry();
        assertNull(MetricsConsumerFeed.of(contexts.task(bolt, registry), contexts.conf, "h", registry, (s, v) -> {}));
    }

    private static IOutputCollector acking(List<Tuple> acked) {
        return new IOutputCollector() {
            @Override
            public List<Integer> emit(String streamId, Collection<Tuple> anchors, List<Object> tuple) {
                return List.of();
            }

            @Override
            public void emitDirect(int taskId, String streamId, Collection<Tuple> anchors, List<Object> tuple) {}

            @Override
            public void ack(Tuple input) {
                acked.add(input);
            }

            @Override
            public void fail(Tuple input) {}

            @Override
            public void resetTimeout(Tuple input) {}

            @Override
            public void flush() {}

            @Override
            public void reportError(Throwable error) {}
        };
    }
}
