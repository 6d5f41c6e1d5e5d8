package org.egret.metricsmgr;

import org.egret.proto.ExceptionLog;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricsBatch;

/**
 * Exceptions travel from instances in their metrics batches as a data point named
 * {@value #DATUM_NAME} whose value is the stack trace text ({@code Throwable.printStackTrace}):
 * the first line is {@code class: message}. This keeps one connection and one message type
 * between an instance and its metrics manager; the TM sink turns them into {@link ExceptionLog}s.
 */
public final class ExceptionReports {
    public static final String DATUM_NAME = "__exception";
    private static final int MAX_TRACE_CHARS = 8192;

    private ExceptionReports() {}

    public static boolean isException(MetricDatum d) {
        return DATUM_NAME.equals(d.getName());
    }

    public static ExceptionLog toLog(MetricsBatch batch, MetricDatum d, long defaultMs) {
        String trace = d.getValue();
        int nl = trace.indexOf('\n');
        String head = (nl < 0 ? trace : trace.substring(0, nl)).strip();
        int colon = head.indexOf(": ");
        String cls = colon < 0 ? head : head.substring(0, colon);
        String msg = colon < 0 ? "" : head.substring(colon + 2);
        long ts = batch.getTimestampMs() > 0 ? batch.getTimestampMs() : defaultMs;
        return ExceptionLog.newBuilder()
                .setComponent(batch.getComponent())
                .setTaskId(batch.getTaskId())
                .setClassName(cls)
                .setMessage(msg)
                .setStackTrace(trace.length() > MAX_TRACE_CHARS ? trace.substring(0, MAX_TRACE_CHARS) : trace)
                .setFirstMs(ts)
                .setLastMs(ts)
                .setCount(1)
                .build();
    }
}
