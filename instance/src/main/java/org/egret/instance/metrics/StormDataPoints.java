package org.egret.instance.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metered;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.storm.metric.api.IMetricsConsumer.DataPoint;
import org.apache.storm.metrics2.StormMetricRegistry;

/**
 * A task's metrics v2 as the DataPoints Storm's executor adds to its metrics tick when
 * {@code topology.enable.v2.metrics.tick} is set, with Storm's names and values: numeric gauges; counters'
 * counts; for histograms and timers {@code .max .mean .min .stddev .p50 .p75 .p95 .p98 .p99 .p999}, every one
 * multiplied by 1e-6 (Storm converts nanoseconds to milliseconds for histograms too, so consumers written
 * for Storm see the same numbers here), and {@code .count}; for meters and timers {@code .count},
 * {@code .m1_rate .m5_rate .m15_rate .mean_rate} (per second).
 */
public final class StormDataPoints {
    private static final double MS_PER_NANO = 1.0 / TimeUnit.MILLISECONDS.toNanos(1);

    private StormDataPoints() {}

    /** Appends the task's v2 metrics to {@code out} in Storm's order: gauges, counters, histograms, meters, timers. */
    @SuppressWarnings("rawtypes")
    public static void add(StormMetricRegistry registry, int taskId, List<DataPoint> out) {
        for (Map.Entry<String, Gauge> e : new TreeMap<>(registry.getTaskGauges(taskId)).entrySet()) {
            Object v = e.getValue().getValue();
            if (v instanceof Number) {
                out.add(point(e.getKey(), v));
            }
        }
        for (Map.Entry<String, Counter> e : new TreeMap<>(registry.getTaskCounters(taskId)).entrySet()) {
            out.add(point(e.getKey(), e.getValue().getCount()));
        }
        for (Map.Entry<String, Histogram> e : new TreeMap<>(registry.getTaskHistograms(taskId)).entrySet()) {
            snapshot(e.getKey(), e.getValue().getSnapshot(), out);
            out.add(point(e.getKey() + ".count", e.getValue().getCount()));
        }
        for (Map.Entry<String, Meter> e : new TreeMap<>(registry.getTaskMeters(taskId)).entrySet()) {
            metered(e.getKey(), e.getValue(), out);
        }
        for (Map.Entry<String, Timer> e : new TreeMap<>(registry.getTaskTimers(taskId)).entrySet()) {
            snapshot(e.getKey(), e.getValue().getSnapshot(), out);
            metered(e.getKey(), e.getValue(), out);
        }
    }

    /**
     * A data point whose dimensions are a HashMap: the tuple is serialized with Kryo, which knows HashMap but
     * not {@code Collections.emptyMap()}.
     */
    public static DataPoint point(String name, Object value, Map<String, String> dimensions) {
        return new DataPoint(name, value, dimensions == null ? new HashMap<>() : new HashMap<>(dimensions));
    }

    static DataPoint point(String name, Object value) {
        return point(name, value, null);
    }

    private static void metered(String name, Metered m, List<DataPoint> out) {
        out.add(point(name + ".count", m.getCount()));
        out.add(point(name + ".m1_rate", m.getOneMinuteRate()));
        out.add(point(name + ".m5_rate", m.getFiveMinuteRate()));
        out.add(point(name + ".m15_rate", m.getFifteenMinuteRate()));
        out.add(point(name + ".mean_rate", m.getMeanRate()));
    }

    private static void snapshot(String name, Snapshot s, List<DataPoint> out) {
        out.add(point(name + ".max", s.getMax() * MS_PER_NANO));
        out.add(point(name + ".mean", s.getMean() * MS_PER_NANO));
        out.add(point(name + ".min", s.getMin() * MS_PER_NANO));
        out.add(point(name + ".stddev", s.getStdDev() * MS_PER_NANO));
        out.add(point(name + ".p50", s.getMedian() * MS_PER_NANO));
        out.add(point(name + ".p75", s.get75thPercentile() * MS_PER_NANO));
        out.add(point(name + ".p95", s.get95thPercentile() * MS_PER_NANO));
        out.add(point(name + ".p98", s.get98thPercentile() * MS_PER_NANO));
        out.add(point(name + ".p99", s.get99thPercentile() * MS_PER_NANO));
        out.add(point(name + ".p999", s.get999thPercentile() * MS_PER_NANO));
    }
}
