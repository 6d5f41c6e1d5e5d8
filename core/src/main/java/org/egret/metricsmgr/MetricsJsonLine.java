package org.egret.metricsmgr;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

    private MetricsJsonLine() {}

    public static String render(MetricsBatch batch, long defaultTimestampMs) {
        StringWriter sw = new StringWriter(128 + batch.getMetricsCount() * 32);
        try (JsonWriter w = new JsonWriter(sw)) {
            // The lines are read by JSON readers, never embedded in HTML: '<', '>', '&', '=' and '\'' stay
            // as themselves, as the files have always had them.
            w.setHtmlSafe(false);
            w.beginObject();
            w.name("timestamp").value(batch.getTimestampMs() > 0 ? batch.getTimestampMs() : defaultTimestampMs);
            w.name("source").value(batch.getSource());
            w.name("component").value(batch.getComponent());
            w.name("task").value(batch.getTaskId());
            w.name("metrics").beginObject();
            for (MetricDatum d : batch.getMetricsList()) {
                value(w.name(d.getName()), d.getValue());
            }
            w.endObject();
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    /**
     * A number as the reporter wrote it (so "12" stays 12, not 12.0), map and list metrics as the JSON
     * text they already are (Storm renders them), anything else as a string.
     */
    private static void value(JsonWriter w, String value) throws IOException {
        String v = value.strip();
        if (JSON_NUMBER.matcher(v).matches() || v.startsWith("{") || v.startsWith("[")) {
            w.jsonValue(v);
        } else {
            w.value(value);
        }
    }
}
