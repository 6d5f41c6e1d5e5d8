package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.metric.api.CountMetric;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.egret.proto.MetricsBatch;
import org.junit.jupiter.api.Test;

/** Reports are sent when due, also for a metric the task registers after the reporter started. */
class TaskMetricsReporterTest {
    private static Map<String, String> values(MetricsBatch b) {
        Map<String, String> out = new HashMap<>();
        b.getMetricsList().forEach(d -> out.put(d.getName(), d.getValue()));
        return out;
    }

    @Test
    void sendsBuiltinsWhenDueAndMetricsRegisteredLater() {
        TaskMetrics builtins = new TaskMetrics();
        Map<Integer, Map<Integer, Map<String, IMetric>>> registered = new HashMap<>();
        List<MetricsBatch> sent = new ArrayList<>();
        TaskMetricsReporter r =
                new TaskMetricsReporter("bolt", 7, builtins, registered, new StormMetricRegistry(), 1000, sent::add);
        long t0 = System.currentTimeMillis();

        builtins.inc("acked");
        long wait = r.tick(t0);
        assertTrue(sent.isEmpty(), "nothing is due yet");
        assertTrue(wait > 0 && wait <= 1000, "next report within the interval: " + wait);

        // registered between two ticks, in a bucket of its own (Storm's registerMetric at prepare/execute)
        CountMetric count = new CountMetric();
        count.incrBy(5);
        registered
                .computeIfAbsent(2, s -> new HashMap<>())
                .computeIfAbsent(7, t -> new HashMap<>())
                .put("mine", count);
        r.tick(t0 + 10);
        assertTrue(sent.isEmpty(), "the new bucket is due 2 s after it was first seen");

        r.tick(t0 + 1500);
        assertEquals(1, sent.size());
        assertEquals("1", values(sent.get(0)).get("acked"));

        r.tick(t0 + 2100);
        assertEquals(2, sent.size(), "the registered metric's bucket came due");
        assertEquals("5", values(sent.get(1)).get("mine"));
    }
}
