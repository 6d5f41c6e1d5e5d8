package org.egret.instance;

import java.util.ArrayList;
import java.util.List;
import org.apache.storm.spout.ISpoutOutputCollector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spout's collector: emits return their destination tasks synchronously. Usable from any thread:
 * calls from other threads run on the task thread, in order ({@link OffThreadCalls}); the spout's
 * ack and fail are called on the task thread only, as on Storm.
 */
final class SpoutCollector implements ISpoutOutputCollector {
    private static final Logger LOG = LoggerFactory.getLogger(SpoutCollector.class);
    private final Emitter emitter;
    private final AckTracker tracker;
    private final OffThreadCalls offThread;

    SpoutCollector(Emitter emitter, AckTracker tracker, OffThreadCalls offThread) {
        this.emitter = emitter;
        this.tracker = tracker;
        this.offThread = offThread;
    }

    @Override
    public List<Integer> emit(String streamId, List<Object> tuple, Object messageId) {
        if (!offThread.onTaskThread()) {
            return emitOffThread(streamId, tuple, messageId, null);
        }
        offThread.runPending();
        AckTracker.Edges edges = tracker.spoutEdges(messageId);
        List<Integer> dests = emitter.emit(streamId, tuple, null, edges);
        tracker.afterSpoutEmit(messageId, edges, dests.size());
        return dests;
    }

    @Override
    public void emitDirect(int taskId, String streamId, List<Object> tuple, Object messageId) {
        if (!offThread.onTaskThread()) {
            emitOffThread(streamId, tuple, messageId, taskId);
            return;
        }
        offThread.runPending();
        AckTracker.Edges edges = tracker.spoutEdges(messageId);
        List<Integer> dests = emitter.emit(streamId, tuple, taskId, edges);
        tracker.afterSpoutEmit(messageId, edges, dests.size());
    }

    private List<Integer> emitOffThread(String streamId, List<Object> tuple, Object messageId, Integer direct) {
        List<Integer> dests = emitter.routeOffThread(streamId, tuple, direct);
        List<Integer> to = new ArrayList<>(dests); // the caller may change the list it is given back
        offThread.submit(() -> {
            AckTracker.Edges edges = tracker.spoutEdges(messageId);
            emitter.send(to, streamId, tuple, edges);
            tracker.afterSpoutEmit(messageId, edges, to.size());
        });
        return dests;
    }

    /** Read without the task thread's help: an estimate on other threads, as on Storm. */
    @Override
    public long getPendingCount() {
        return tracker.pending();
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
        LOG.error("spout reported an error", error);
        if (offThread.onTaskThread()) {
            emitter.metrics().exception(error);
        } else {
            offThread.submit(() -> emitter.metrics().exception(error));
        }
    }
}
