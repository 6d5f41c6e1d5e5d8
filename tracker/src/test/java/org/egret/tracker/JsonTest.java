package org.egret.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.egret.proto.ComponentKind;
import org.egret.proto.ContainerLogLink;
import org.junit.jupiter.api.Test;

/** The API's JSON text, byte for byte, for each kind of value a view holds. */
class JsonTest {
    @Test
    void writesAViewInItsOwnOrder() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("whole", 42.0);
        v.put("fraction", 1.5);
        v.put("big", 1e15);
        v.put("float", 0.5f);
        v.put("nan", Double.NaN);
        v.put("inf", Double.NEGATIVE_INFINITY);
        v.put("long", 5_000_000_000L);
        v.put("int", -3);
        v.put("flag", true);
        v.put("none", null);
        v.put("timeline", new double[] {40, Double.NaN, 2.5});
        v.put("list", List.of("a", 1, List.of()));
        v.put("by_task", new TreeMap<>(Map.of(10, "y", 2, "x")));
        v.put("kind", ComponentKind.SPOUT);
        v.put("empty", Map.of());
        assertEquals(
                "{\"whole\":42,\"fraction\":1.5,\"big\":1.0E15,\"float\":0.5,\"nan\":null,\"inf\":null,"
                        + "\"long\":5000000000,\"int\":-3,\"flag\":true,\"none\":null,\"timeline\":[40,null,2.5],"
                        + "\"list\":[\"a\",1,[]],\"by_task\":{\"2\":\"x\",\"10\":\"y\"},\"kind\":\"SPOUT\",\"empty\":{}}",
                Json.write(v));
    }

    @Test
    void escapesQuotesBackslashesControlsAndLessThanButNotNonAscii() {
        String text = "q\" b\\ \n\r\t\u0001\u001f \u00e9\u65e5\u672c\ud83d\ude00 \u2028\u2029 </script> >&='";
        assertEquals(
                "{\"q\\\"\\u003c\":\"q\\\" b\\\\ \\n\\r\\t\\u0001\\u001f \u00e9\u65e5\u672c\ud83d\ude00 "
                        + "\\u2028\\u2029 \\u003c/script> >&='\"}",
                Json.write(Map.of("q\"<", text)));
    }

    /** Gson's short forms; by hand they were written \\u0008 and \\u000c, which JSON reads the same. */
    @Test
    void backspaceAndFormFeedHaveTheirShortEscapes() {
        assertEquals("[\"\\b\\f\"]", Json.write(List.of("\b\f")));
    }

    /** A state record is JsonFormat's text, embedded untouched (it escapes HTML characters itself). */
    @Test
    void embedsAProtoAsJsonFormatPrintsIt() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(
                "record",
                new Json.Proto(ContainerLogLink.newBuilder()
                        .setUrl("http://nm/?a=1&b=<2>")
                        .build()));
        v.put("after", 1);
        assertEquals(
                "{\"record\":{\"container\":0,\"url\":\"http://nm/?a\\u003d1\\u0026b\\u003d\\u003c2\\u003e\"},"
                        + "\"after\":1}",
                Json.write(v));
    }
}
