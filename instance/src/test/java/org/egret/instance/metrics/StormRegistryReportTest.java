package org.egret.instance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.task.TopologyContext;
import org.egret.instance.TaskContexts;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricType;
import org.junit.jupiter.api.Test;

/** Each Dropwizard type becomes Storm's names, counts as increases, everything else as gauges. */
class StormRegistryReportTest {
    static Map<String, MetricDatum> byName(List<MetricDatum> data) {
        Map<String, MetricDatum> out = new HashMap<>();
        data.forEach(d -> out.put(d.getName(), d));
        return out;
    }

    @Test
    void everyTypeUnderStormsNames() {
        StormMetricRegistry registry = new StormMetricRegistry();
        TaskContexts contexts = new TaskContexts(new HashMap<>());
        int task = contexts.tasks("bolt").get(0);
        TopologyContext context = contexts.task(task, registry);
        Counter counter = context.registerCounter("tuples");
        long[] level = {42};
        context.registerGauge("level", () -> level[0]);
        context.registerGauge("by-key", () -> Map.of("a", 1));
        Meter meter = context.registerMeter("rate");
        Histogram histogram = context.registerHistogram("sizes");
        Timer timer = context.registerTimer("latency");
        counter.inc(5);
        meter.mark(3);
        histogram.update(2);
        histogram.update(10);
        timer.update(4, TimeUnit.MILLISECONDS);

        StormRegistryReport report = new StormRegistryReport(registry, task);
        Map<String, MetricDatum> first = byName(report.next());
        assertEquals(datum("tuples", "5", MetricType.COUNTER), first.get("tuples"));
        assertEquals(datum("level", "42", MetricType.GAUGE), first.get("level"));
        assertEquals(datum("by-key", "{\"a\":1}", MetricType.GAUGE), first.get("by-key"));
        assertEquals(datum("rate.count", "3", MetricType.COUNTER), first.get("rate.count"));
        assertEquals(MetricType.GAUGE, first.get("rate.m1_rate").getType());
        assertEquals(MetricType.GAUGE, first.get("rate.mean_rate").getType());
        assertEquals(datum("sizes.count", "2", MetricType.COUNTER), first.get("sizes.count"));
        assertEquals(
                datum("sizes.max", "10.0", MetricType.GAUGE), first.get("sizes.max"), "histograms keep their units");
        assertEquals(datum("sizes.min", "2.0", MetricType.GAUGE), first.get("sizes.min"));
        for (String s : List.of(".mean", ".stddev", ".p50", ".p75", ".p95", ".p98", ".p99", ".p999")) {
            assertEquals(MetricType.GAUGE, first.get("sizes" + s).getType(), s);
        }
        assertEquals(datum("latency.count", "1", MetricType.COUNTER), first.get("latency.count"));
        assertEquals(4.0, Double.parseDouble(first.get("latency.max").getValue()), 1e-9, "timers in milliseconds");
        assertEquals(MetricType.GAUGE, first.get("latency.m5_rate").getType());

        counter.inc(2);
        level[0] = 7;
        Map<String, MetricDatum> second = byName(report.next());
        assertEquals("2", second.get("tuples").getValue(), "the increase since the last report");
        assertEquals("0", second.get("rate.count").getValue());
        assertEquals("0", second.get("sizes.count").getValue());
        assertEquals("7", second.get("level").getValue());
    }

    @Test
    void onlyThisTasksMetrics() {
        StormMetricRegistry registry = new StormMetricRegistry();
        TaskContexts contexts = new TaskContexts(new HashMap<>());
        contexts.task(contexts.tasks("bolt").get(1), registry)
                .registerCounter("theirs")
                .inc();
        assertFalse(
                byName(new StormRegistryReport(registry, contexts.tasks("bolt").get(0)).next())
                        .containsKey("theirs"));
    }

    private static MetricDatum datum(String name, String value, MetricType type) {
        return MetricDatum.newBuilder()
                .setName(name)
                .setValue(value)
                .setType(type)
                .build();
    }
}
