package org.egret.tmaster;

import java.util.LinkedHashMap;
import java.util.Map;

/** The metrics of one reporting process (an instance or a stream manager), by name. */
final class SourceWindow {
    final String source;
    final String component;
    final int taskId;
    final Map<String, MetricWindow> metrics = new LinkedHashMap<>();
    long lastReportMs;

    SourceWindow(String source, String component, int taskId) {
        this.source = source;
        this.component = component;
        this.taskId = taskId;
    }
}
