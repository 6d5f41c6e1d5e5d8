package org.egret.instance;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.storm.Config;
import org.apache.storm.hooks.ITaskHook;
import org.apache.storm.hooks.info.BoltAckInfo;
import org.apache.storm.hooks.info.BoltExecuteInfo;
import org.apache.storm.hooks.info.BoltFailInfo;
import org.apache.storm.hooks.info.EmitInfo;
import org.apache.storm.hooks.info.SpoutAckInfo;
import org.apache.storm.hooks.info.SpoutFailInfo;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.tuple.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's Storm task hooks ({@link ITaskHook}): those named in topology.auto.task.hooks and those
 * the component adds to its context. Called on the task thread, at the points Storm's executor calls
 * them; with no hook, each call is one size check and allocates nothing. Latencies are Storm's:
 * milliseconds, -1 (bolts) or null (spouts) when the event was not timed.
 */
final class TaskHooks {
    /**
     * The latency of an ack that was never timed, as a primitive: spout acks run once per tuple, and a
     * boxed latency would be an allocation each time even with no hook to read it.
     */
    static final long NO_LATENCY = -1;

    private static final Logger LOG = LoggerFactory.getLogger(TaskHooks.class);
    private final TopologyContext context;
    private final List<ITaskHook> hooks;
    private final int taskId;

    private TaskHooks(TopologyContext context, List<ITaskHook> hooks, int taskId) {
        this.context = context;
        this.hooks = hooks;
        this.taskId = taskId;
    }

    /** For a task without a context (tests): never any hook. */
    static TaskHooks none() {
        return new TaskHooks(null, List.of(), -1);
    }

    /** The hooks of {@code context}, as the component adds them. */
    static TaskHooks of(TopologyContext context, int taskId) {
        return new TaskHooks(context, context.getHooks(), taskId);
    }

    /** Adds the hooks of topology.auto.task.hooks (each is prepared as it is added), before open or prepare. */
    void addConfigured(Map<String, Object> conf) {
        Object names = conf.get(Config.TOPOLOGY_AUTO_TASK_HOOKS);
        if (names instanceof List<?> list) {
            for (Object name : list) {
                context.addTaskHook(create(String.valueOf(name)));
            }
        } else if (names != null) {
            throw new IllegalArgumentException(
                    Config.TOPOLOGY_AUTO_TASK_HOOKS + " must be a list of class names, not " + names);
        }
    }

    private static ITaskHook create(String className) {
        try {
            Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            return (ITaskHook) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(
                    Config.TOPOLOGY_AUTO_TASK_HOOKS + ": cannot create task hook " + className + ": " + e, e);
        }
    }

    boolean any() {
        return !hooks.isEmpty();
    }

    void emitted(List<Object> values, String stream, List<Integer> outTasks) {
        if (!hooks.isEmpty()) {
            new EmitInfo(values, stream, taskId, outTasks).applyOn(context);
        }
    }

    void spoutAcked(Object messageId, long latencyNanos) {
        if (!hooks.isEmpty()) {
            new SpoutAckInfo(messageId, taskId, millis(latencyNanos)).applyOn(context);
        }
    }

    void spoutFailed(Object messageId, long latencyNanos) {
        if (!hooks.isEmpty()) {
            new SpoutFailInfo(messageId, taskId, millis(latencyNanos)).applyOn(context);
        }
    }

    void boltExecuted(Tuple tuple, long latencyNanos) {
        if (!hooks.isEmpty()) {
            new BoltExecuteInfo(tuple, taskId, latencyNanos < 0 ? -1L : TimeUnit.NANOSECONDS.toMillis(latencyNanos))
                    .applyOn(context);
        }
    }

    void boltAcked(Tuple tuple) {
        if (!hooks.isEmpty()) {
            new BoltAckInfo(tuple, taskId, -1L).applyOn(context);
        }
    }

    void boltFailed(Tuple tuple) {
        if (!hooks.isEmpty()) {
            new BoltFailInfo(tuple, taskId, -1L).applyOn(context);
        }
    }

    /** Storm cleans hooks up when the executor shuts down; one that fails does not keep the others from it. */
    void cleanup() {
        for (ITaskHook h : hooks) {
            try {
                h.cleanup();
            } catch (RuntimeException e) {
                LOG.warn("task hook {} failed in cleanup", h.getClass().getName(), e);
            }
        }
    }

    /** Storm's hooks take null for a latency not measured ({@link #NO_LATENCY} here). */
    private static Long millis(long nanos) {
        return nanos < 0 ? null : TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
