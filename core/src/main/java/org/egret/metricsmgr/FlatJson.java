package org.egret.metricsmgr;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads the numeric entries of a flat JSON object such as Storm's map metrics
 * ({@code {"word":3,"other":1}}), so sinks that only take numbers can export them per key.
 * Anything else (nested values, arrays, text) yields no entry; malformed input yields an empty map.
 */
final class FlatJson {
  private final String s;
  private int i;

  private FlatJson(String s) {
    this.s = s;
  }

  static Map<String, Double> numbers(String json) {
    Map<String, Double> out = new LinkedHashMap<>();
    try {
      new FlatJson(json.strip()).object(out);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      out.clear();
    }
    return out;
  }

  private void object(Map<String, Double> out) {
    expect('{');
    ws();
    if (peek() == '}') {
      return;
    }
    while (true) {
      ws();
      String key = string();
      ws();
      expect(':');
      ws();
      char c = peek();
      if (c == '"') {
        string();
      } else if (c == '{' || c == '[') {
        skipNested();
      } else {
        int start = i;
        while (i < s.length() && ",} \t\r\n".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        OptionalDouble d = MetricKind.number(s.substring(start, i));
        if (d.isPresent()) {
          out.put(key, d.getAsDouble());
        }
      }
      ws();
      char next = s.charAt(i++);
      if (next == '}') {
        return;
      }
      if (next != ',') {
        throw new IllegalArgumentException("expected , or }");
      }
    }
  }

  private void skipNested() {
    int depth = 0;
    do {
      char c = s.charAt(i);
      if (c == '"') {
        string();
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
      i++;
    } while (depth > 0);
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = s.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
  }

  private char peek() {
    return s.charAt(i);
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private void expect(char c) {
    if (s.charAt(i++) != c) {
      throw new IllegalArgumentException("expected " + c);
    }
  }
}
