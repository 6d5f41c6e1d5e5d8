package org.egret.instance;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.storm.metric.api.IMetric;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricsBatch;
import org.egret.storm.translate.StormJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a task's metrics on its task thread (where Storm calls getValueAndReset too): built-in counters
 * every interval, and each metric registered through TopologyContext.registerMetric at its own bucket size.
 */
public final class MetricsReporter {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsReporter.class);
  private final String component;
  private final int taskId;
  private final TaskMetrics builtins;
  private final Map<Integer, Map<Integer, Map<String, IMetric>>> registered;
  private final long builtinIntervalMs;
  private final Consumer<MetricsBatch> sink;
  private final Map<Integer, Long> nextBucketDue = new HashMap<>();
  private long nextBuiltinDue;
  private long nextDue;
  private int bucketsSeen = -1;
  private final JvmMetrics jvm = new JvmMetrics();
  private java.util.function.Supplier<Map<String, Long>> gauges = Map::of;

  /** Values read at each report as they are, e.g. queue depths. */
  public MetricsReporter withGauges(java.util.function.Supplier<Map<String, Long>> gauges) {
    this.gauges = gauges;
    return this;
  }

  public MetricsReporter(String component, int taskId, TaskMetrics builtins,
      Map<Integer, Map<Integer, Map<String, IMetric>>> registered, long builtinIntervalMs,
      Consumer<MetricsBatch> sink) {
    this.component = component;
    this.taskId = taskId;
    this.builtins = builtins;
    this.registered = registered;
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
      sink.accept(b.build());
      nextBuiltinDue = nowMs + builtinIntervalMs;
    }
    next = nextBuiltinDue;
    for (Map.Entry<Integer, Map<Integer, Map<String, IMetric>>> bucket : registered.entrySet()) {
      int secs = bucket.getKey();
      long due = nextBucketDue.computeIfAbsent(secs, s -> nowMs + s * 1000L);
      if (nowMs >= due) {
        Map<String, IMetric> mine = bucket.getValue().get(taskId);
        if (mine != null && !mine.isEmpty()) {
          MetricsBatch.Builder b = batch(nowMs);
          for (Map.Entry<String, IMetric> m : mine.entrySet()) {
            try {
              Object v = m.getValue().getValueAndReset();
              if (v != null) {
                b.addMetrics(datum(m.getKey(), v));
              }
            } catch (RuntimeException e) {
              LOG.warn("metric {} failed", m.getKey(), e);
            }
          }
          if (b.getMetricsCount() > 0) {
            sink.accept(b.build());
          }
        }
        due = nowMs + secs * 1000L;
        nextBucketDue.put(secs, due);
      }
      next = Math.min(next, due);
    }
    nextDue = next;
    bucketsSeen = registered.size();
    return Math.max(0, next - nowMs);
  }

  private MetricsBatch.Builder batch(long nowMs) {
    return MetricsBatch.newBuilder().setSource(component + "/" + taskId).setComponent(component)
        .setTaskId(taskId).setTimestampMs(nowMs);
  }

  static MetricDatum datum(String name, Object value) {
    return MetricDatum.newBuilder().setName(name).setValue(format(value)).build();
  }

  /** Numbers as decimal text, maps and lists as JSON, anything else as its string. */
  public static String format(Object value) {
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof Map || value instanceof java.util.Collection) {
      return StormJson.write(value);
    }
    return String.valueOf(value);
  }
}
