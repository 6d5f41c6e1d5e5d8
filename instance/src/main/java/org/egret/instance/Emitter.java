package org.egret.instance;

import com.esotericsoftware.kryo.io.Output;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.egret.net.frame.TupleRoots;
import org.egret.storm.serialization.TupleValuesWriter;

/**
 * The common part of both collectors: route, serialize, count and batch one emit. Task thread only,
 * except {@link #routeOffThread}: an emit made on another thread is routed there (its caller needs the
 * destination tasks at once) and sent later on the task thread.
 */
final class Emitter {
    private final int taskId;
    private Router router;
    private volatile Supplier<Router> routers;
    /** Groupers of their own for other threads, made when first needed; guarded by itself. */
    private final Object offThreadRouting = new Object();

    private Router offThreadRouter;
    private final TupleValuesWriter serializer;
    private final Output values = new Output(4096, -1);
    private final TupleRoots roots = new TupleRoots();
    private final Map<String, byte[]> streamNames = new HashMap<>();
    private String lastStream;
    private byte[] lastStreamUtf8;
    private final TupleOutbox outbox;
    private final TaskMetrics metrics;
    private final TaskHooks hooks;

    /** {@code routers} makes a router for the current plan (one for the task thread, one for the others). */
    Emitter(
            int taskId,
            Supplier<Router> routers,
            TupleValuesWriter serializer,
            TupleOutbox outbox,
            TaskMetrics metrics,
            TaskHooks hooks) {
        this.taskId = taskId;
        this.routers = routers;
        this.router = routers.get();
        this.serializer = serializer;
        this.outbox = outbox;
        this.metrics = metrics;
        this.hooks = hooks;
    }

    /**
     * Emits; {@code directTask} null for a regular emit. The values are serialized once and one copy
     * goes to each destination task; a tracked copy ({@code edges} not null) gets its own edge ids.
     *
     * @return the destination task ids
     */
    public List<Integer> emit(String stream, List<Object> tuple, Integer directTask, AckTracker.Edges edges) {
        List<Integer> dests =
                directTask == null ? router.route(stream, tuple) : router.routeDirect(directTask, stream, tuple);
        send(dests, stream, tuple, edges);
        return dests;
    }

    /** The destination tasks of an emit made on a thread other than the task thread (any thread). */
    List<Integer> routeOffThread(String stream, List<Object> tuple, Integer directTask) {
        synchronized (offThreadRouting) {
            if (offThreadRouter == null) {
                offThreadRouter = routers.get();
            }
            return directTask == null
                    ? offThreadRouter.route(stream, tuple)
                    : offThreadRouter.routeDirect(directTask, stream, tuple);
        }
    }

    /** Sends one emit to the tasks chosen for it (task thread). */
    void send(List<Integer> dests, String stream, List<Object> tuple, AckTracker.Edges edges) {
        metrics.emitted(stream);
        hooks.emitted(tuple, stream, dests);
        if (dests.isEmpty()) {
            return;
        }
        values.reset();
        serializer.serializeInto(tuple, values);
        byte[] name = utf8(stream);
        for (int i = 0, n = dests.size(); i < n; i++) {
            TupleRoots r = null;
            if (edges != null) {
                roots.clear();
                edges.fill(roots);
                r = roots;
            }
            outbox.add(dests.get(i), taskId, name, values.getBuffer(), values.position(), r);
        }
        if (edges != null) {
            edges.copiesAdded();
        }
        outbox.flushIfFull();
    }

    private byte[] utf8(String stream) {
        // most components emit on one stream, usually the same String instance
        if (stream != lastStream) {
            lastStreamUtf8 = streamNames.computeIfAbsent(stream, s -> s.getBytes(StandardCharsets.UTF_8));
            lastStream = stream;
        }
        return lastStreamUtf8;
    }

    public void flush() {
        outbox.flush();
    }

    /** A new plan changed the task layout (task thread): both threads' routes follow it. */
    void setRouters(Supplier<Router> routers) {
        this.routers = routers;
        this.router = routers.get();
        synchronized (offThreadRouting) {
            offThreadRouter = null;
        }
    }

    public TaskMetrics metrics() {
        return metrics;
    }
}
