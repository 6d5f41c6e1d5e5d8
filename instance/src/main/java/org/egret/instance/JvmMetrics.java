package org.egret.instance;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** The task JVM's own health for each metrics interval: heap in use, and GC count and time since the last call. */
final class JvmMetrics {
    private long lastGcCount;
    private long lastGcMs;

    Map<String, Long> sample() {
        long count = 0;
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        Map<String, Long> out = new LinkedHashMap<>();
        out.put(
                "jvm-heap-used-bytes",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        out.put("jvm-gc-count", count - lastGcCount);
        out.put("jvm-gc-time-ms", ms - lastGcMs);
        lastGcCount = count;
        lastGcMs = ms;
        return out;
    }
}
