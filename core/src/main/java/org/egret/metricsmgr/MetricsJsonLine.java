package org.egret.metricsmgr;

import java.util.regex.Pattern;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricsBatch;

/**
 * Renders one metrics batch as one JSON object:
 * {@code {"timestamp":ms,"source":"..","component":"..","task":n,"metrics":{"name":value,..}}}.
 */
public final class MetricsJsonLine {
  // JSON's own number grammar: Java's parsers accept more ("NaN", "1d", "0x1p3"), which JSON readers reject.
  private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private MetricsJsonLine() {
  }

  public static String render(MetricsBatch batch, long defaultTimestampMs) {
    StringBuilder sb = new StringBuilder(128 + batch.getMetricsCount() * 32);
    long ts = batch.getTimestampMs() > 0 ? batch.getTimestampMs() : defaultTimestampMs;
    sb.append("{\"timestamp\":").append(ts);
    sb.append(",\"source\":");
    appendString(sb, batch.getSource());
    sb.append(",\"component\":");
    appendString(sb, batch.getComponent());
    sb.append(",\"task\":").append(batch.getTaskId());
    sb.append(",\"metrics\":{");
    boolean first = true;
    for (MetricDatum d : batch.getMetricsList()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      appendString(sb, d.getName());
      sb.append(':');
      appendValue(sb, d.getValue());
    }
    return sb.append("}}").toString();
  }

  static void appendValue(StringBuilder sb, String value) {
    String v = value.strip();
    if (JSON_NUMBER.matcher(v).matches()) {
      sb.append(v);
    } else if (v.startsWith("{") || v.startsWith("[")) {
      // Storm map and list metrics arrive already rendered as JSON text.
      sb.append(v);
    } else {
      appendString(sb, value);
    }
  }

  static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
