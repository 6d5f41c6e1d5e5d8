package org.egret.metricsmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.egret.proto.MetricDatum;
import org.egret.proto.MetricsBatch;
import org.junit.jupiter.api.Test;

/** The metrics file's line, byte for byte: readers such as the integration tests' MetricsFiles match its text. */
class MetricsJsonLineTest {
    private static MetricsBatch batch(long timestampMs, String... nameValues) {
        MetricsBatch.Builder b = MetricsBatch.newBuilder()
                .setSource("count/4")
                .setComponent("c\u00f6unt")
                .setTaskId(4)
                .setTimestampMs(timestampMs);
        for (int i = 0; i < nameValues.length; i += 2) {
            b.addMetrics(MetricDatum.newBuilder().setName(nameValues[i]).setValue(nameValues[i + 1]));
        }
        return b.build();
    }

    @Test
    void rendersFieldsInOrderNumbersAsWrittenAndEmbeddedJsonAsIs() {
        String line = MetricsJsonLine.render(
                batch(
                        1234,
                        "emitted",
                        "12",
                        "latency",
                        " -0.5e3 ",
                        "leading-zero",
                        "007",
                        "nan",
                        "NaN",
                        "hex",
                        "0x1p3",
                        "map",
                        "{\"a\":1,\"b\":[2,3]}",
                        "list",
                        " [1,2]"),
                99);
        assertEquals(
                "{\"timestamp\":1234,\"source\":\"count/4\",\"component\":\"c\u00f6unt\",\"task\":4,\"metrics\":{"
                        + "\"emitted\":12,\"latency\":-0.5e3,\"leading-zero\":\"007\",\"nan\":\"NaN\",\"hex\":\"0x1p3\","
                        + "\"map\":{\"a\":1,\"b\":[2,3]},\"list\":[1,2]}}",
                line);
    }

    @Test
    void escapesQuotesBackslashesAndControlsButNotNonAsciiOrHtml() {
        String text = "q\" b\\ \n\r\t\b\f\u0001\u001f \u00e9\u65e5\u672c\ud83d\ude00 \u2028\u2029 <a href='x?y=1&z'>";
        String line = MetricsJsonLine.render(batch(0, "text", text, "k\"\u0007", "1"), 99);
        assertEquals(
                "{\"timestamp\":99,\"source\":\"count/4\",\"component\":\"c\u00f6unt\",\"task\":4,\"metrics\":{"
                        + "\"text\":\"q\\\" b\\\\ \\n\\r\\t\\b\\f\\u0001\\u001f \u00e9\u65e5\u672c\ud83d\ude00 \\u2028\\u2029 "
                        + "<a href='x?y=1&z'>\","
                        + "\"k\\\"\\u0007\":1}}",
                line);
    }

    @Test
    void anEmptyBatchHasAnEmptyMetricsObject() {
        assertEquals(
                "{\"timestamp\":99,\"source\":\"count/4\",\"component\":\"c\u00f6unt\",\"task\":4,\"metrics\":{}}",
                MetricsJsonLine.render(batch(-1), 99));
    }
}
