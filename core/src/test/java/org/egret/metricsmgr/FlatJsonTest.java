package org.egret.metricsmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {
    @Test
    void keepsTheNumericEntriesInOrder() {
        Map<String, Double> m = FlatJson.numbers(" {\"word\" : 3, \"text\":\"4\", \"nested\":{\"x\":1,\"y\":\"}\"},"
                + "\"list\":[1,{\"z\":2}], \"exp\":-1.5e2, \"null\":null, \"flag\":true, \"huge\":1e400,"
                + "\"q\\\"\\\\\\u00e9\\n\":7}\n");
        assertEquals(Map.of("word", 3.0, "exp", -150.0, "q\"\\\u00e9\n", 7.0), m);
        assertEquals(List.of("word", "exp", "q\"\\\u00e9\n"), new ArrayList<>(m.keySet()));
    }

    /** Storm's JSON writer puts a NaN in a map as a bare word: the map's other numbers still count. */
    @Test
    void aBareNanOrInfinityIsSkippedNotFatal() {
        assertEquals(Map.of("a", 1.0, "c", 2.0), FlatJson.numbers("{\"a\":1,\"b\":NaN,\"d\":-Infinity,\"c\":2}"));
    }

    @Test
    void malformedOrNonObjectInputIsEmpty() {
        for (String bad : new String[] {"{\"a\":1", "{\"a\":1,}", "{\"a\" 1}", "[1,2]", "", "{", "3"}) {
            assertEquals(Map.of(), FlatJson.numbers(bad), bad);
        }
        assertEquals(Map.of(), FlatJson.numbers("{}"));
    }
}
