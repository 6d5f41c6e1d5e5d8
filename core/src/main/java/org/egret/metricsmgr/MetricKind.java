package org.egret.metricsmgr;

import java.util.Locale;
import java.util.OptionalDouble;
import org.egret.proto.MetricDatum;

/**
 * How to combine the values of one metric. Every reporter sends per-interval values: counters are
 * deltas since the previous report (summed over time), gauges are levels (averaged). The name
 * decides, so that user metrics and metrics added later (e.g. back pressure time) need no table.
 */
public final class MetricKind {
    /** Data points whose name starts with this are events, not metrics (see {@link ExceptionReports}). */
    public static final String RESERVED_PREFIX = "__";

    private MetricKind() {}

    /** Latencies, queue depths, sizes and memory are levels; everything else counts events or time. */
    public static boolean isGauge(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith("-us")
                || n.contains("latency")
                || n.contains("queue")
                || n.contains("depth")
                || n.contains("size")
                || n.contains("heap")
                || n.contains("memory")
                || n.contains("gauge");
    }

    /** A datum's own type when its reporter set one (Storm's Dropwizard metrics do), else by its name. */
    public static boolean isGauge(MetricDatum datum) {
        return switch (datum.getType()) {
            case GAUGE -> true;
            case COUNTER -> false;
            default -> isGauge(datum.getName());
        };
    }

    public static boolean isReserved(String name) {
        return name.startsWith(RESERVED_PREFIX);
    }

    /** The value as a finite number, or empty for text (Storm map metrics arrive as JSON text). */
    public static OptionalDouble number(String value) {
        String v = value.strip();
        if (v.isEmpty() || !(Character.isDigit(v.charAt(0)) || v.charAt(0) == '-' || v.charAt(0) == '.')) {
            return OptionalDouble.empty();
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
