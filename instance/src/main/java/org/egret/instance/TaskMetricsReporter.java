package org.egret.instance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.metric.api.IMetricsConsumer.DataPoint;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.egret.instance.metrics.MetricText;
import org.egret.instance.metrics.MetricsConsumerFeed;
import org.egret.instance.metrics.StormDataPoints;
import org.egret.instance.metrics.StormRegistryReport;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricsBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a task's metrics on its task thread (where Storm calls getValueAndReset too): built-in counters and
 * the metrics v2 registry every interval, and each metric registered through TopologyContext.registerMetric at
 * its own bucket size. Each tick also goes to the topology's metrics consumers, if it has any.
 */
public final class TaskMetricsReporter {
    private static final Logger LOG = LoggerFactory.getLogger(TaskMetricsReporter.class);
    private final String component;
    private final int taskId;
    private final TaskMetrics builtins;
    private final Map<Integer, Map<Integer, Map<String, IMetric>>> registered;
    private final StormRegistryReport v2;
    private final long builtinIntervalMs;
    private final Consumer<MetricsBatch> sink;
    private final Map<Integer, Long> nextBucketDue = new HashMap<>();
    private long nextBuiltinDue;
    private long nextDue;
    private int bucketsSeen = -1;
    private final JvmMetrics jvm = new JvmMetrics();
    private Supplier<Map<String, Long>> gauges = Map::of;
    private MetricsConsumerFeed consumers;

    /** Values read at each report as they are, e.g. queue depths. */
    public TaskMetricsReporter withGauges(Supplier<Map<String, Long>> gauges) {
        this.gauges = gauges;
        return this;
    }

    /** Sends each metrics tick to the topology's metrics consumers too; null: it has none. */
    public TaskMetricsReporter withConsumers(MetricsConsumerFeed consumers) {
        this.consumers = consumers;
        return this;
    }

    public TaskMetricsReporter(
            String component,
            int taskId,
            TaskMetrics builtins,
            Map<Integer, Map<Integer, Map<String, IMetric>>> registered,
            StormMetricRegistry registry,
            long builtinIntervalMs,
            Consumer<MetricsBatch> sink) {
        this.component = component;
        this.taskId = taskId;
        this.builtins = builtins;
        this.registered = registered;
        this.v2 = new StormRegistryReport(registry, taskId);
        this.builtinIntervalMs = builtinIntervalMs;
        this.sink = sink;
        this.nextBuiltinDue = System.currentTimeMillis() + builtinIntervalMs;
    }

    /** Sends whatever is due; returns the milliseconds until the next report. */
    public long tick(long nowMs) {
        // called on every turn of the task loop: nothing to do until the earliest report is due, unless
        // the task registered metrics with a new interval since the last pass
        if (nowMs < nextDue && registered.size() == bucketsSeen) {
            return nextDue - nowMs;
        }
        long next;
        if (nowMs >= nextBuiltinDue) {
            MetricsBatch.Builder b = batch(nowMs);
            builtins.snapshotAndReset().forEach((k, v) -> b.addMetrics(datum(k, v)));
            for (String trace : builtins.takeExceptions()) {
                b.addMetrics(datum("__exception", trace));
            }
            jvm.sample().forEach((k, v) -> b.addMetrics(datum(k, v)));
            gauges.get().forEach((k, v) -> b.addMetrics(datum(k, v)));
            try {
                b.addAllMetrics(v2.next());
            } catch (RuntimeException e) {
                LOG.warn("reading the metrics v2 registry failed", e);
            }
            sink.accept(b.build());
            nextBuiltinDue = nowMs + builtinIntervalMs;
        }
        next = nextBuiltinDue;
        TreeSet<Integer> intervals = new TreeSet<>(registered.keySet());
        if (consumers != null && consumers.v2IntervalSecs() != null) {
            // Storm's executor ticks the v2 interval even when no v1 metric uses it
            intervals.add(consumers.v2IntervalSecs());
        }
        for (int secs : intervals) {
            long due = nextBucketDue.computeIfAbsent(secs, s -> nowMs + s * 1000L);
            if (nowMs >= due) {
                report(secs, nowMs);
                due = nowMs + secs * 1000L;
                nextBucketDue.put(secs, due);
            }
            next = Math.min(next, due);
        }
        nextDue = next;
        bucketsSeen = registered.size();
        return Math.max(0, next - nowMs);
    }

    /** One bucket of v1 metrics: to the metrics manager, and with the v2 metrics when due to the consumers. */
    private void report(int secs, long nowMs) {
        Map<Integer, Map<String, IMetric>> bucket = registered.get(secs);
        Map<String, IMetric> mine = bucket == null ? null : bucket.get(taskId);
        MetricsBatch.Builder b = batch(nowMs);
        List<DataPoint> points = new ArrayList<>();
        if (mine != null) {
            for (Map.Entry<String, IMetric> m : mine.entrySet()) {
                try {
                    Object v = m.getValue().getValueAndReset();
                    if (v != null) {
                        b.addMetrics(datum(m.getKey(), v));
                        points.add(StormDataPoints.point(
                                m.getKey(), v, m.getValue().getDimensions()));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("metric {} failed", m.getKey(), e);
                }
            }
        }
        if (b.getMetricsCount() > 0) {
            sink.accept(b.build());
        }
        if (consumers != null) {
            try {
                consumers.tick(secs, nowMs, points);
            } catch (RuntimeException e) {
                LOG.warn("sending metrics to the metrics consumers failed", e);
            }
        }
    }

    private MetricsBatch.Builder batch(long nowMs) {
        return MetricsBatch.newBuilder()
                .setSource(component + "/" + taskId)
                .setComponent(component)
                .setTaskId(taskId)
                .setTimestampMs(nowMs);
    }

    static MetricDatum datum(String name, Object value) {
        return MetricDatum.newBuilder()
                .setName(name)
                .setValue(MetricText.of(value))
                .build();
    }
}
