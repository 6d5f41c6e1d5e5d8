package org.egret.instance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.storm.task.IOutputCollector;
import org.apache.storm.tuple.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bolt's collector: emits return their destination tasks synchronously; acking goes to the
 * tracker. Usable from any thread: calls from other threads run on the task thread, in order
 * ({@link OffThreadCalls}).
 */
final class BoltCollector implements IOutputCollector {
    private static final Logger LOG = LoggerFactory.getLogger(BoltCollector.class);
    private final Emitter emitter;
    private final AckTracker tracker;
    private final OffThreadCalls offThread;
    private final TaskHooks hooks;

    BoltCollector(Emitter emitter, AckTracker tracker, OffThreadCalls offThread, TaskHooks hooks) {
        this.emitter = emitter;
        this.tracker = tracker;
        this.offThread = offThread;
        this.hooks = hooks;
    }

    @Override
    public List<Integer> emit(String streamId, Collection<Tuple> anchors, List<Object> tuple) {
        if (offThread.onTaskThread()) {
            offThread.runPending();
            return emitter.emit(streamId, tuple, null, tracker.boltEdges(anchors));
        }
        return emitOffThread(streamId, anchors, tuple, null);
    }

    @Override
    public void emitDirect(int taskId, String streamId, Collection<Tuple> anchors, List<Object> tuple) {
        if (offThread.onTaskThread()) {
            offThread.runPending();
            emitter.emit(streamId, tuple, taskId, tracker.boltEdges(anchors));
        } else {
            emitOffThread(streamId, anchors, tuple, taskId);
        }
    }

    private List<Integer> emitOffThread(
            String streamId, Collection<Tuple> anchors, List<Object> tuple, Integer direct) {
        List<Integer> dests = emitter.routeOffThread(streamId, tuple, direct);
        // copies: the caller may reuse its anchor list, or change the list it is given back
        List<Integer> to = new ArrayList<>(dests);
        Collection<Tuple> from = anchors == null ? null : new ArrayList<>(anchors);
        offThread.submit(() -> emitter.send(to, streamId, tuple, tracker.boltEdges(from)));
        return dests;
    }

    @Override
    public void ack(Tuple input) {
        if (offThread.onTaskThread()) {
            offThread.runPending();
            ackHere(input);
        } else {
            offThread.submit(() -> ackHere(input));
        }
    }

    private void ackHere(Tuple input) {
        emitter.metrics().inc("acked");
        tracker.ack(input);
        hooks.boltAcked(input);
    }

    @Override
    public void fail(Tuple input) {
        if (offThread.onTaskThread()) {
            offThread.runPending();
            failHere(input);
        } else {
            offThread.submit(() -> failHere(input));
        }
    }

    private void failHere(Tuple input) {
        emitter.metrics().inc("failed");
        tracker.fail(input);
        hooks.boltFailed(input);
    }

    @Override
    public void resetTimeout(Tuple input) {
        if (offThread.onTaskThread()) {
            offThread.runPending();
            tracker.resetTimeout(input);
        } else {
            offThread.submit(() -> tracker.resetTimeout(input));
        }
    }

    @Override
    public void flush() {
        if (offThread.onTaskThread()) {
            offThread.runPending();
            emitter.flush();
        } else {
            offThread.submit(emitter::flush);
        }
    }

    @Override
    public void reportError(Throwable error) {
        LOG.error("bolt reported an error", error);
        if (offThread.onTaskThread()) {
            emitter.metrics().exception(error);
        } else {
            offThread.submit(() -> emitter.metrics().exception(error));
        }
    }
}
