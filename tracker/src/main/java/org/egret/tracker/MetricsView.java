package org.egret.tracker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.egret.proto.ExceptionLog;
import org.egret.proto.MetricSeries;
import org.egret.proto.MetricsQueryResponse;
import org.egret.proto.SourceMetrics;

/**
 * JSON shape of a TM metrics answer: per instance and stream manager, and aggregated per
 * component and for the whole topology (counters summed over tasks, gauges averaged).
 */
final class MetricsView {
    private MetricsView() {}

    static Map<String, Object> render(MetricsQueryResponse r, long windowMs, boolean instanceTimelines) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now_ms", r.getNowMs());
        out.put("bucket_ms", r.getBucketMs());
        out.put("start_ms", r.getStartMs());
        out.put("window_ms", windowMs);
        List<Object> instances = new ArrayList<>();
        List<Object> stmgrs = new ArrayList<>();
        Map<String, Map<String, Aggregate>> components = new TreeMap<>();
        Map<String, Aggregate> topology = new TreeMap<>();
        for (SourceMetrics s : r.getSourcesList()) {
            Map<String, Object> src = new LinkedHashMap<>();
            src.put("source", s.getSource());
            src.put("component", s.getComponent());
            src.put("task", s.getTaskId());
            src.put("last_report_ms", s.getLastReportMs());
            Map<String, Object> metrics = new TreeMap<>();
            for (MetricSeries m : s.getMetricsList()) {
                metrics.put(m.getName(), series(m, instanceTimelines));
                if (s.getTaskId() >= 0 && m.getText().isEmpty()) {
                    components
                            .computeIfAbsent(s.getComponent(), k -> new TreeMap<>())
                            .computeIfAbsent(m.getName(), k -> new Aggregate(m.getGauge()))
                            .add(m);
                    topology.computeIfAbsent(m.getName(), k -> new Aggregate(m.getGauge()))
                            .add(m);
                }
            }
            src.put("metrics", metrics);
            (s.getTaskId() >= 0 ? instances : stmgrs).add(src);
        }
        out.put("instances", instances);
        out.put("stmgrs", stmgrs);
        Map<String, Object> comps = new TreeMap<>();
        components.forEach((c, ms) -> comps.put(c, render(ms)));
        out.put("components", comps);
        out.put("topology", render(topology));
        return out;
    }

    static List<Object> exceptions(List<ExceptionLog> logs) {
        List<Object> out = new ArrayList<>();
        for (ExceptionLog e : logs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("component", e.getComponent());
            m.put("task", e.getTaskId());
            m.put("class", e.getClassName());
            m.put("message", e.getMessage());
            m.put("count", e.getCount());
            m.put("first_ms", e.getFirstMs());
            m.put("last_ms", e.getLastMs());
            m.put("stack_trace", e.getStackTrace());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> series(MetricSeries m, boolean timeline) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", m.getGauge() ? "gauge" : "counter");
        if (!m.getText().isEmpty()) {
            out.put("text", m.getText());
            return out;
        }
        out.put("value", m.getValue());
        out.put("last", m.getLast());
        if (timeline) {
            out.put("timeline", m.getTimelineList());
        }
        return out;
    }

    private static Map<String, Object> render(Map<String, Aggregate> metrics) {
        Map<String, Object> out = new TreeMap<>();
        metrics.forEach((name, a) -> out.put(name, a.render()));
        return out;
    }

    /** Combines one metric over tasks: NaN (no report) is skipped, not counted as zero. */
    private static final class Aggregate {
        final boolean gauge;
        double sum;
        int n;
        double[] timeline;
        int[] counts;

        Aggregate(boolean gauge) {
            this.gauge = gauge;
        }

        void add(MetricSeries m) {
            if (!Double.isNaN(m.getValue())) {
                sum += m.getValue();
                n++;
            }
            if (timeline == null) {
                timeline = new double[m.getTimelineCount()];
                counts = new int[m.getTimelineCount()];
            }
            for (int i = 0; i < Math.min(timeline.length, m.getTimelineCount()); i++) {
                double v = m.getTimeline(i);
                if (!Double.isNaN(v)) {
                    timeline[i] += v;
                    counts[i]++;
                }
            }
        }

        Map<String, Object> render() {
            double[] t = new double[timeline == null ? 0 : timeline.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = counts[i] == 0 ? Double.NaN : gauge ? timeline[i] / counts[i] : timeline[i];
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("kind", gauge ? "gauge" : "counter");
            out.put("value", n == 0 ? Double.NaN : gauge ? sum / n : sum);
            out.put("timeline", t);
            return out;
        }
    }
}
