package org.egret.metricsmgr;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads the numeric entries of a flat JSON object such as Storm's map metrics
 * ({@code {"word":3,"other":1}}), so sinks that only take numbers can export them per key.
 * Anything else (nested values, arrays, text) yields no entry; malformed input yields an empty map.
 */
final class FlatJson {
    private FlatJson() {}

    static Map<String, Double> numbers(String json) {
        Map<String, Double> out = new LinkedHashMap<>();
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            // Storm's JSON writer puts a NaN in a map as a bare word, which a strict reader rejects with the
            // whole map; read leniently it is text, skipped like any other, and the map's numbers still count.
            r.setLenient(true);
            r.beginObject();
            while (r.hasNext()) {
                String key = r.nextName();
                if (r.peek() == JsonToken.NUMBER) {
                    // Finite doubles only, as for a plain metric's value: 1e400 is no data point.
                    OptionalDouble d = MetricKind.number(r.nextString());
                    if (d.isPresent()) {
                        out.put(key, d.getAsDouble());
                    }
                } else {
                    r.skipValue();
                }
            }
            r.endObject();
        } catch (IOException | IllegalStateException e) {
            out.clear();
        }
        return out;
    }
}
