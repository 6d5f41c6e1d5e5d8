package org.egret.storm.translate;

import java.util.HashMap;
import java.util.Map;
import org.apache.storm.shade.net.minidev.json.JSONValue;
import org.apache.storm.shade.net.minidev.json.parser.ParseException;

/** JSON as Storm reads and writes it (the same parser the worker uses, so numbers get the same types). */
public final class StormJson {
    private StormJson() {}

    /** Parses a JSON object; null or blank text is an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseMap(String json) {
        if (json == null || json.isBlank()) {
            return new HashMap<>();
        }
        try {
            Object o = JSONValue.parseWithException(json);
            if (o == null) {
                return new HashMap<>();
            }
            if (!(o instanceof Map)) {
                throw new IllegalArgumentException(
                        "expected a JSON object, got " + o.getClass().getSimpleName());
            }
            return new HashMap<>((Map<String, Object>) o);
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    public static String write(Object value) {
        return JSONValue.toJSONString(value);
    }
}
