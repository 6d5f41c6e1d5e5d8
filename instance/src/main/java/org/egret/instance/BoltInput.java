package org.egret.instance;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import org.apache.storm.task.GeneralTopologyContext;
import org.apache.storm.tuple.MessageId;
import org.apache.storm.tuple.TupleImpl;
import org.egret.net.frame.TaskBatchReader;
import org.egret.storm.serialization.TupleValuesReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bolt task's input: walks each batch in place, decodes each tuple's values and builds its
 * {@link TupleImpl}. A tuple whose values cannot be decoded goes to {@link PoisonTuples} and the
 * walk goes on with the next one; what the bolt's own code throws is not caught here. Task thread only.
 */
final class BoltInput {
    private static final Logger LOG = LoggerFactory.getLogger(BoltInput.class);

    /** Runs one decoded tuple. */
    @FunctionalInterface
    interface Execute {
        void execute(TupleImpl tuple, String sourceComponent, String stream);
    }

    private final int taskId;
    private final TaskMetrics metrics;
    private final TupleValuesReader values;
    /** Null when acking is off. */
    private final ReliableAckTracker reliable;

    private final PoisonTuples poison;
    private final TaskBatchReader reader = new TaskBatchReader();
    private GeneralTopologyContext context;
    private Map<Integer, String> taskToComponent;
    private int lastSourceTask = -1;
    private String lastSourceComponent;

    BoltInput(int taskId, Map<String, Object> topoConf, TaskMetrics metrics, ReliableAckTracker reliable) {
        this.taskId = taskId;
        this.metrics = metrics;
        this.values = new TupleValuesReader(topoConf);
        this.reliable = reliable;
        this.poison = new PoisonTuples(taskId, metrics, reliable);
    }

    /** The plan's layout: the context tuples are built over and who each source task is. */
    void layout(GeneralTopologyContext context, Map<Integer, String> taskToComponent) {
        this.context = context;
        this.taskToComponent = taskToComponent;
        this.lastSourceComponent = null;
    }

    /** Runs every tuple of the TaskBatch body in {@code buf[offset, offset + length)}. */
    void batch(byte[] buf, int offset, int length, Execute execute) {
        reader.reset(buf, offset, length);
        try {
            while (reader.next()) {
                TupleImpl tuple = decode();
                if (tuple != null) {
                    execute.execute(tuple, lastSourceComponent, tuple.getSourceStreamId());
                }
            }
        } catch (InvalidProtocolBufferException e) {
            metrics.inc("malformed-batches");
            LOG.error("task {}: dropping the rest of a malformed tuple batch", taskId, e);
        }
    }

    /** The reader's current tuple, or null when it is dropped. */
    private TupleImpl decode() {
        int sourceTask = reader.sourceTask();
        if (sourceTask != lastSourceTask || lastSourceComponent == null) {
            lastSourceComponent = taskToComponent.get(sourceTask);
            lastSourceTask = sourceTask;
            if (lastSourceComponent == null) {
                LOG.warn("dropping a tuple from unknown task {}", sourceTask);
                return null;
            }
        }
        String stream = reader.stream();
        try {
            List<Object> v = values.read(reader.buffer(), reader.valuesOffset(), reader.valuesLength());
            return new TupleImpl(
                    context,
                    v,
                    lastSourceComponent,
                    sourceTask,
                    stream,
                    reliable == null ? MessageId.makeUnanchored() : reliable.messageIdOf(reader.roots()));
        } catch (RuntimeException | StackOverflowError e) {
            // what the sender's bytes do to decoding, not the bolt's code: the tuple is dropped, the task
            // lives on (a stack overflow is a nesting bomb, unwound by now)
            poison.drop(lastSourceComponent, sourceTask, stream, reader.roots(), e);
            return null;
        }
    }
}
