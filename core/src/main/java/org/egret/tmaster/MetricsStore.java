package org.egret.tmaster;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.LongSupplier;
import org.egret.metricsmgr.MetricKind;
import org.egret.proto.ExceptionLog;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricSeries;
import org.egret.proto.MetricsBatch;
import org.egret.proto.MetricsPublish;
import org.egret.proto.MetricsQueryRequest;
import org.egret.proto.MetricsQueryResponse;
import org.egret.proto.SourceMetrics;
import org.egret.proto.Status;

/**
 * The TM's recent metrics, per source (instance or stream manager) and metric, in
 * {@code buckets} fixed buckets of {@code bucketMs} each (see {@link MetricWindow}), plus recent
 * exceptions. Memory is bounded by sources x series per source x buckets. Confined to the TM's
 * event loop thread, like {@link TopologyMaster}.
 */
public final class MetricsStore {
    private final long bucketMs;
    private final int buckets;
    private final int maxSeriesPerSource;
    private final int maxSources;
    private final LongSupplier clock;
    private final Map<String, SourceWindow> sources = new LinkedHashMap<>();
    private final ExceptionBook exceptions;

    public MetricsStore(
            long bucketMs, int buckets, int maxSeriesPerSource, int maxSources, int maxExceptions, LongSupplier clock) {
        this.bucketMs = bucketMs;
        this.buckets = buckets;
        this.maxSeriesPerSource = maxSeriesPerSource;
        this.maxSources = maxSources;
        this.clock = clock;
        this.exceptions = new ExceptionBook(maxExceptions);
    }

    public void record(MetricsPublish publish) {
        long now = clock.getAsLong();
        for (MetricsBatch b : publish.getBatchesList()) {
            record(b, now);
        }
        for (ExceptionLog e : publish.getExceptionsList()) {
            exceptions.add(e);
        }
    }

    void record(MetricsBatch batch, long now) {
        long ts = batch.getTimestampMs();
        // Trust the reporter's clock only while it roughly agrees with ours (hosts drift).
        if (ts <= 0 || ts > now + bucketMs || ts < now - bucketMs * buckets) {
            ts = now;
        }
        long epoch = Math.floorDiv(ts, bucketMs);
        SourceWindow src = sources.get(batch.getSource());
        if (src == null) {
            if (sources.size() >= maxSources) {
                sources.values().stream()
                        .min(Comparator.comparingLong(s -> s.lastReportMs))
                        .ifPresent(oldest -> sources.remove(oldest.source));
            }
            src = new SourceWindow(batch.getSource(), batch.getComponent(), batch.getTaskId());
            sources.put(batch.getSource(), src);
        }
        src.lastReportMs = Math.max(src.lastReportMs, ts);
        for (MetricDatum d : batch.getMetricsList()) {
            if (MetricKind.isReserved(d.getName())) {
                continue;
            }
            MetricWindow w = src.metrics.get(d.getName());
            if (w == null) {
                if (src.metrics.size() >= maxSeriesPerSource) {
                    continue;
                }
                w = new MetricWindow(MetricKind.isGauge(d), buckets);
                src.metrics.put(d.getName(), w);
            }
            OptionalDouble v = MetricKind.number(d.getValue());
            if (v.isPresent()) {
                w.add(epoch, v.getAsDouble());
            } else {
                w.text(d.getValue());
            }
        }
    }

    public MetricsQueryResponse query(MetricsQueryRequest req) {
        long now = clock.getAsLong();
        long to = Math.floorDiv(now, bucketMs);
        long span = req.getWindowMs() <= 0
                ? buckets
                : Math.min(buckets, Math.max(1, (req.getWindowMs() + bucketMs - 1) / bucketMs));
        long from = to - span + 1;
        Set<Integer> tasks = new HashSet<>(req.getTaskIdsList());
        MetricsQueryResponse.Builder out = MetricsQueryResponse.newBuilder()
                .setStatus(Status.newBuilder().setOk(true))
                .setNowMs(now)
                .setBucketMs(bucketMs)
                .setStartMs(from * bucketMs);
        for (SourceWindow src : sources.values()) {
            if ((!req.getComponent().isEmpty() && !req.getComponent().equals(src.component))
                    || (!tasks.isEmpty() && !tasks.contains(src.taskId))) {
                continue;
            }
            SourceMetrics.Builder sm = SourceMetrics.newBuilder()
                    .setSource(src.source)
                    .setComponent(src.component)
                    .setTaskId(src.taskId)
                    .setLastReportMs(src.lastReportMs);
            for (Map.Entry<String, MetricWindow> e : src.metrics.entrySet()) {
                if (!wanted(req, e.getKey())) {
                    continue;
                }
                MetricWindow w = e.getValue();
                MetricSeries.Builder s = MetricSeries.newBuilder()
                        .setName(e.getKey())
                        .setGauge(w.gauge)
                        .setValue(w.aggregate(from, to))
                        .setLast(w.last(from, to));
                if (w.text() != null) {
                    s.setText(w.text());
                }
                if (req.getTimeline()) {
                    for (long b = from; b <= to; b++) {
                        s.addTimeline(w.value(b));
                    }
                }
                sm.addMetrics(s);
            }
            out.addSources(sm);
        }
        if (req.getExceptions()) {
            out.addAllExceptions(exceptions.recent(req.getComponent(), tasks));
        }
        return out.build();
    }

    /** Names match exactly, by prefix ({@code emitted*}) or by substring ({@code *backpressure*}). */
    private static boolean wanted(MetricsQueryRequest req, String name) {
        if (req.getNamesCount() == 0) {
            return true;
        }
        for (String n : req.getNamesList()) {
            boolean match;
            if (n.length() > 1 && n.startsWith("*") && n.endsWith("*")) {
                match = name.contains(n.substring(1, n.length() - 1));
            } else if (n.endsWith("*")) {
                match = name.startsWith(n.substring(0, n.length() - 1));
            } else {
                match = n.equals(name);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }
}
