package org.egret.tmaster;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.egret.proto.ExceptionLog;

/**
 * Recent exceptions reported by instances. The same exception (component, task, class, message)
 * is counted rather than stored again; beyond {@code capacity} the least recently seen is dropped.
 */
final class ExceptionBook {
    private final int capacity;
    private final Map<String, ExceptionLog> byKey = new LinkedHashMap<>();

    ExceptionBook(int capacity) {
        this.capacity = capacity;
    }

    void add(ExceptionLog e) {
        String key =
                e.getComponent() + '\u0000' + e.getTaskId() + '\u0000' + e.getClassName() + '\u0000' + e.getMessage();
        ExceptionLog old = byKey.remove(key);
        ExceptionLog merged = old == null
                ? e
                : old.toBuilder()
                        .setCount(old.getCount() + Math.max(1, e.getCount()))
                        .setLastMs(Math.max(old.getLastMs(), e.getLastMs()))
                        .setStackTrace(e.getStackTrace())
                        .build();
        byKey.put(key, merged);
        Iterator<String> it = byKey.keySet().iterator();
        while (byKey.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Newest first. */
    List<ExceptionLog> recent(String component, Set<Integer> tasks) {
        List<ExceptionLog> out = new ArrayList<>();
        for (ExceptionLog e : byKey.values()) {
            if ((component.isEmpty() || component.equals(e.getComponent()))
                    && (tasks.isEmpty() || tasks.contains(e.getTaskId()))) {
                out.add(e);
            }
        }
        out.sort((a, b) -> Long.compare(b.getLastMs(), a.getLastMs()));
        return out;
    }
}
