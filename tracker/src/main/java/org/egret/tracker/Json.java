package org.egret.tracker;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.Collection;
import java.util.Map;

/**
 * Renders JSON: protobuf messages through JsonFormat, and plain Java values (maps, collections,
 * strings, numbers, booleans, null) by hand. Non-finite numbers (a bucket without data) become null.
 */
final class Json {
  private static final JsonFormat.Printer PROTO = JsonFormat.printer().omittingInsignificantWhitespace()
      .includingDefaultValueFields();

  private Json() {
  }

  /** A marker for a message to embed as-is. */
  record Proto(MessageOrBuilder message) {
  }

  static String write(Object value) {
    StringBuilder sb = new StringBuilder(256);
    append(sb, value);
    return sb.toString();
  }

  static void append(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        sb.append("null");
      } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        sb.append((long) d);
      } else {
        sb.append(d);
      }
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, String.valueOf(e.getKey()));
        sb.append(':');
        append(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        append(sb, o);
      }
      sb.append(']');
    } else if (v instanceof double[] a) {
      sb.append('[');
      for (int i = 0; i < a.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        append(sb, a[i]);
      }
      sb.append(']');
    } else if (v instanceof Proto p) {
      try {
        sb.append(PROTO.print(p.message()));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    } else {
      string(sb, v.toString());
    }
  }

  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          // '<' escaped too: JSON may end up inside HTML.
          if (c < 0x20 || c == '<' || c == '\u2028' || c == '\u2029') {
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
