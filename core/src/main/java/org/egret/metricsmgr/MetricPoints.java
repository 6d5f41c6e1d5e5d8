package org.egret.metricsmgr;

import java.util.Map;
import java.util.OptionalDouble;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricType;
import org.egret.proto.MetricsBatch;

/**
 * Splits a batch into numeric points for sinks that only take numbers (Prometheus, Graphite).
 * A name {@code base/key} (e.g. {@code emitted/default}, {@code executed/split:default}) and each
 * entry of a map metric become (base, key); plain names have no key.
 */
final class MetricPoints {
    interface Consumer {
        void accept(String base, String key, boolean gauge, double value);
    }

    private MetricPoints() {}

    static void forEach(MetricsBatch batch, Consumer out) {
        for (MetricDatum d : batch.getMetricsList()) {
            String name = d.getName();
            if (MetricKind.isReserved(name)) {
                continue;
            }
            int slash = name.indexOf('/');
            String base = slash < 0 ? name : name.substring(0, slash);
            String key = slash < 0 ? null : name.substring(slash + 1);
            boolean gauge = d.getType() == MetricType.BY_NAME ? MetricKind.isGauge(base) : MetricKind.isGauge(d);
            OptionalDouble v = MetricKind.number(d.getValue());
            if (v.isPresent()) {
                out.accept(base, key, gauge, v.getAsDouble());
            } else if (key == null && d.getValue().strip().startsWith("{")) {
                for (Map.Entry<String, Double> e :
                        FlatJson.numbers(d.getValue()).entrySet()) {
                    out.accept(base, e.getKey(), gauge, e.getValue());
                }
            }
        }
    }

    /** The task label: the task id, or the source (e.g. {@code stmgr-1}) for stream managers. */
    static String task(MetricsBatch batch) {
        return batch.getTaskId() >= 0 ? Integer.toString(batch.getTaskId()) : batch.getSource();
    }
}
