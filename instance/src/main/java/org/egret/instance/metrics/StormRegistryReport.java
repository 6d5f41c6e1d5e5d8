package org.egret.instance.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metered;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's Storm metrics v2 (what {@code TopologyContext.registerCounter/Gauge/Meter/Histogram/Timer}
 * registered in its {@link StormMetricRegistry}) as Egret metric data, under the names Storm's metrics tick
 * gives them ({@link StormDataPoints}): {@code name} for counters and gauges, {@code name.count},
 * {@code name.m1_rate}, {@code name.p99} ... for meters, histograms and timers.
 *
 * <p>Egret's sinks sum counters over time, so every count (a counter, and the {@code .count} of a meter,
 * histogram or timer) is sent as the increase since the previous report; Prometheus then shows Dropwizard's
 * running count. Rates and snapshot values are gauges. Timer durations are milliseconds and histogram
 * values are the user's own units, as Storm's Dropwizard reporters show them.
 */
public final class StormRegistryReport {
    private static final Logger LOG = LoggerFactory.getLogger(StormRegistryReport.class);
    private static final double NANOS_PER_MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final StormMetricRegistry registry;
    private final int taskId;
    private final Map<String, Long> lastCounts = new HashMap<>();

    public StormRegistryReport(StormMetricRegistry registry, int taskId) {
        this.registry = registry;
        this.taskId = taskId;
    }

    /** The data of this interval; counts are increases since the previous call. */
    public List<MetricDatum> next() {
        List<MetricDatum> out = new ArrayList<>();
        for (Map.Entry<String, Counter> e : sorted(registry.getTaskCounters(taskId))) {
            count(out, e.getKey(), e.getValue().getCount());
        }
        for (Map.Entry<String, Gauge> e : sorted(registry.getTaskGauges(taskId))) {
            Object v;
            try {
                v = e.getValue().getValue();
            } catch (RuntimeException ex) {
                LOG.warn("gauge {} failed", e.getKey(), ex);
                continue;
            }
            if (v != null) {
                out.add(datum(e.getKey(), MetricText.of(v), MetricType.GAUGE));
            }
        }
        for (Map.Entry<String, Meter> e : sorted(registry.getTaskMeters(taskId))) {
            metered(out, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Histogram> e : sorted(registry.getTaskHistograms(taskId))) {
            count(out, e.getKey() + ".count", e.getValue().getCount());
            snapshot(out, e.getKey(), e.getValue().getSnapshot(), 1);
        }
        for (Map.Entry<String, Timer> e : sorted(registry.getTaskTimers(taskId))) {
            metered(out, e.getKey(), e.getValue());
            snapshot(out, e.getKey(), e.getValue().getSnapshot(), 1 / NANOS_PER_MS);
        }
        return out;
    }

    private static <T> Iterable<Map.Entry<String, T>> sorted(Map<String, T> m) {
        return new TreeMap<>(m).entrySet();
    }

    private void count(List<MetricDatum> out, String name, long count) {
        Long last = lastCounts.put(name, count);
        out.add(datum(name, Long.toString(count - (last == null ? 0 : last)), MetricType.COUNTER));
    }

    private void metered(List<MetricDatum> out, String name, Metered m) {
        count(out, name + ".count", m.getCount());
        gauge(out, name + ".m1_rate", m.getOneMinuteRate());
        gauge(out, name + ".m5_rate", m.getFiveMinuteRate());
        gauge(out, name + ".m15_rate", m.getFifteenMinuteRate());
        gauge(out, name + ".mean_rate", m.getMeanRate());
    }

    private static void snapshot(List<MetricDatum> out, String name, Snapshot s, double scale) {
        gauge(out, name + ".max", s.getMax() * scale);
        gauge(out, name + ".mean", s.getMean() * scale);
        gauge(out, name + ".min", s.getMin() * scale);
        gauge(out, name + ".stddev", s.getStdDev() * scale);
        gauge(out, name + ".p50", s.getMedian() * scale);
        gauge(out, name + ".p75", s.get75thPercentile() * scale);
        gauge(out, name + ".p95", s.get95thPercentile() * scale);
        gauge(out, name + ".p98", s.get98thPercentile() * scale);
        gauge(out, name + ".p99", s.get99thPercentile() * scale);
        gauge(out, name + ".p999", s.get999thPercentile() * scale);
    }

    private static void gauge(List<MetricDatum> out, String name, double value) {
        if (Double.isFinite(value)) {
            out.add(datum(name, Double.toString(value), MetricType.GAUGE));
        }
    }

    private static MetricDatum datum(String name, String value, MetricType type) {
        return MetricDatum.newBuilder()
                .setName(name)
                .setValue(value)
                .setType(type)
                .build();
    }
}
