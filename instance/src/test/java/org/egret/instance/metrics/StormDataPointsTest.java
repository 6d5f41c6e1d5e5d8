package org.egret.instance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.storm.metric.api.IMetricsConsumer.DataPoint;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.task.TopologyContext;
import org.egret.instance.TaskContexts;
import org.junit.jupiter.api.Test;

/** The DataPoints of Storm's v2 metrics tick: names, types and values as Storm's executor makes them. */
class StormDataPointsTest {
    @Test
    void asStormsExecutorMakesThem() {
        StormMetricRegistry registry = new StormMetricRegistry();
        TaskContexts contexts = new TaskContexts(new HashMap<>());
        int task = contexts.tasks("bolt").get(0);
        TopologyContext context = contexts.task(task, registry);
        context.registerCounter("tuples").inc(5);
        context.registerGauge("level", () -> 42);
        context.registerGauge("text", () -> "not a number");
        context.registerMeter("rate").mark(3);
        context.registerHistogram("sizes").update(10);
        context.registerTimer("latency").update(4, TimeUnit.MILLISECONDS);

        List<DataPoint> points = new ArrayList<>();
        StormDataPoints.add(registry, task, points);
        Map<String, Object> values = new HashMap<>();
        points.forEach(p -> values.put(p.name, p.value));
        assertEquals(5L, values.get("tuples"));
        assertEquals(42, values.get("level"));
        assertEquals(false, values.containsKey("text"), "only numeric gauges, as on Storm");
        assertEquals(3L, values.get("rate.count"));
        assertEquals(1L, values.get("sizes.count"));
        assertEquals(10e-6, (Double) values.get("sizes.max"), 1e-12, "Storm scales histogram snapshots by 1e-6");
        assertEquals(4.0, (Double) values.get("latency.max"), 1e-9, "timer snapshots in milliseconds");
        assertEquals(1L, values.get("latency.count"));
        for (String name : List.of("rate", "latency")) {
            for (String s : List.of(".m1_rate", ".m5_rate", ".m15_rate", ".mean_rate")) {
                assertEquals(Double.class, values.get(name + s).getClass(), name + s);
            }
        }
        for (String name : List.of("sizes", "latency")) {
            for (String s :
                    List.of(".max", ".mean", ".min", ".stddev", ".p50", ".p75", ".p95", ".p98", ".p99", ".p999")) {
                assertEquals(Double.class, values.get(name + s).getClass(), name + s);
            }
        }
        // 1 counter + 1 gauge + meter (5) + histogram (11) + timer (15)
        assertEquals(33, points.size());
        points.forEach(p -> assertEquals(HashMap.class, p.dimensions.getClass(), "Kryo knows HashMap"));
    }
}
