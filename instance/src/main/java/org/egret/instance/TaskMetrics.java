package org.egret.instance;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Built-in counters of one task (task thread only): emitted and executed, in total and per stream. */
public final class TaskMetrics {
    private final Map<String, long[]> counters = new TreeMap<>();
    private final Map<String, long[]> latencies = new TreeMap<>();
    private final List<String> exceptions = new ArrayList<>();
    private static final int MAX_EXCEPTIONS_PER_INTERVAL = 20;

    /** Storm's reportError: the stack trace travels to the metrics manager as an {@code __exception} datum. */
    public void exception(Throwable t) {
        inc("errors");
        if (exceptions.size() < MAX_EXCEPTIONS_PER_INTERVAL) {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            exceptions.add(w.toString());
        }
    }

    /** The stack traces reported since the last call. */
    public List<String> takeExceptions() {
        List<String> out = List.copyOf(exceptions);
        exceptions.clear();
        return out;
    }

    // Per-tuple counters keep their slots: a lookup by a concatenated name per tuple cost more than
    // the rest of the bookkeeping together. Slots live in counters, so snapshots see them.
    private long[] emittedTotal;
    private long[] executedTotal;
    private final Map<String, long[]> emittedByStream = new HashMap<>();
    private String lastEmittedStream;
    private long[] lastEmittedSlot;
    private long emittedCount;
    private String lastExecutedSource;
    private String lastExecutedStream;
    private long[] lastExecutedSlot;
    private final Map<String, Map<String, long[]>> executedBySource = new HashMap<>();
    private static final int SLOT_CACHE = 4;
    private final String[] incNames = new String[SLOT_CACHE];
    private final long[][] incSlots = new long[SLOT_CACHE][];
    private int incNext;
    private String lastLatencyName;
    private long[] lastLatencySlot;

    public void emitted(String stream) {
        if (emittedTotal == null) {
            emittedTotal = slot("emitted");
        }
        emittedTotal[0]++;
        emittedCount++;
        if (stream != lastEmittedStream) {
            long[] c = emittedByStream.get(stream);
            if (c == null) {
                c = slot("emitted/" + stream);
                emittedByStream.put(stream, c);
            }
            lastEmittedStream = stream;
            lastEmittedSlot = c;
        }
        lastEmittedSlot[0]++;
    }

    /** Emits so far (not reset by snapshots' reporting of the interval): cheap enough to call per nextTuple. */
    public long emittedTotal() {
        return emittedCount;
    }

    public void executed(String srcComponent, String stream) {
        if (executedTotal == null) {
            executedTotal = slot("executed");
        }
        executedTotal[0]++;
        if (srcComponent == lastExecutedSource && stream == lastExecutedStream) {
            lastExecutedSlot[0]++;
            return;
        }
        Map<String, long[]> byStream = executedBySource.computeIfAbsent(srcComponent, k -> new HashMap<>());
        long[] c = byStream.get(stream);
        if (c == null) {
            c = slot("executed/" + srcComponent + ":" + stream);
            byStream.put(stream, c);
        }
        lastExecutedSource = srcComponent;
        lastExecutedStream = stream;
        lastExecutedSlot = c;
        c[0]++;
    }

    private long[] slot(String name) {
        return counters.computeIfAbsent(name, k -> new long[1]);
    }

    public void inc(String name) {
        // callers name counters with literals: an identity hit skips the sorted map on per-tuple paths
        for (int i = 0; i < SLOT_CACHE; i++) {
            if (incNames[i] == name) {
                incSlots[i][0]++;
                return;
            }
        }
        long[] c = counters.computeIfAbsent(name, k -> new long[1]);
        incNames[incNext] = name;
        incSlots[incNext] = c;
        incNext = (incNext + 1) % SLOT_CACHE;
        c[0]++;
    }

    /** Accumulates a duration; reported as the mean in microseconds, e.g. {@code complete-latency-us}. */
    public void latency(String name, long nanos) {
        long[] l;
        if (name == lastLatencyName) {
            l = lastLatencySlot;
        } else {
            l = latencies.computeIfAbsent(name, k -> new long[2]);
            lastLatencyName = name;
            lastLatencySlot = l;
        }
        l[0] += nanos;
        l[1]++;
    }

    public long get(String name) {
        long[] c = counters.get(name);
        return c == null ? 0 : c[0];
    }

    /** Values since the last call (counters that were never touched are absent; touched ones report 0 later). */
    public Map<String, Long> snapshotAndReset() {
        Map<String, Long> out = new TreeMap<>();
        for (Map.Entry<String, long[]> e : counters.entrySet()) {
            out.put(e.getKey(), e.getValue()[0]);
            e.getValue()[0] = 0;
        }
        for (Map.Entry<String, long[]> e : latencies.entrySet()) {
            long[] l = e.getValue();
            if (l[1] > 0) {
                out.put(e.getKey() + "-us", l[0] / l[1] / 1000);
            }
            l[0] = 0;
            l[1] = 0;
        }
        return out;
    }
}
