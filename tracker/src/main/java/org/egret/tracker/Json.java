package org.egret.tracker;

import com.google.gson.stream.JsonWriter;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * Renders the API's answers: protobuf messages through JsonFormat, and the views built of plain Java
 * values (maps in their own order, collections, double arrays, strings, numbers, booleans, null)
 * through Gson's JsonWriter. Non-finite numbers (a bucket without data) become null.
 */
final class Json {
    private static final JsonFormat.Printer PROTO =
            JsonFormat.printer().omittingInsignificantWhitespace().includingDefaultValueFields();

    private Json() {}

    /** A marker for a message to embed as-is. */
    record Proto(MessageOrBuilder message) {}

    static String write(Object value) {
        StringWriter sw = new StringWriter(256);
        try (JsonWriter w = new JsonWriter(sw)) {
            // Gson's HTML-safe mode would also escape '>', '&', '=' and '\'', which the answers have
            // always carried as themselves (error messages quote names in '\''); '<' alone is escaped,
            // below.
            w.setHtmlSafe(false);
            // A view may hold a null (a location not published yet): written as null, not left out.
            w.setSerializeNulls(true);
            append(w, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // '<' escaped as it always was: JSON may end up inside HTML, where a "</script>" in a string
        // would end a script. Outside strings JSON has no '<', so this only touches string contents;
        // JsonFormat's parts have it escaped already.
        return sw.toString().replace("<", "\\u003c");
    }

    private static void append(JsonWriter w, Object v) throws IOException {
        if (v == null) {
            w.nullValue();
        } else if (v instanceof String s) {
            w.value(s);
        } else if (v instanceof Double || v instanceof Float) {
            number(w, ((Number) v).doubleValue());
        } else if (v instanceof Number n) {
            w.value(n);
        } else if (v instanceof Boolean b) {
            w.value(b.booleanValue());
        } else if (v instanceof Map<?, ?> m) {
            w.beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                w.name(String.valueOf(e.getKey()));
                append(w, e.getValue());
            }
            w.endObject();
        } else if (v instanceof Collection<?> c) {
            w.beginArray();
            for (Object o : c) {
                append(w, o);
            }
            w.endArray();
        } else if (v instanceof double[] a) {
            w.beginArray();
            for (double d : a) {
                number(w, d);
            }
            w.endArray();
        } else if (v instanceof Proto p) {
            try {
                w.jsonValue(PROTO.print(p.message()));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        } else {
            w.value(v.toString());
        }
    }

    /**
     * Whole numbers without a fraction (a counter of 42 is 42, not Gson's 42.0) while a long holds
     * them exactly; an empty bucket (NaN) as null, which JSON can carry and the UI draws as a gap.
     */
    private static void number(JsonWriter w, double d) throws IOException {
        if (!Double.isFinite(d)) {
            w.nullValue();
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            w.value((long) d);
        } else {
            w.value(d);
        }
    }
}
