package org.egret.instance.metrics;

import java.util.Collection;
import java.util.Map;
import org.egret.storm.translate.StormJson;

/** How a Storm metric's value travels in a MetricDatum. */
public final class MetricText {
    private MetricText() {}

    /** Numbers as decimal text, maps and lists as JSON, anything else as its string. */
    public static String of(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map || value instanceof Collection) {
            return StormJson.write(value);
        }
        return String.valueOf(value);
    }
}
