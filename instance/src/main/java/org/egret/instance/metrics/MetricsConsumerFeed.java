package org.egret.instance.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.Constants;
import org.apache.storm.generated.Grouping;
import org.apache.storm.metric.api.IMetricsConsumer.DataPoint;
import org.apache.storm.metric.api.IMetricsConsumer.TaskInfo;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.ObjectReader;

/**
 * What a task sends to the metrics consumers registered with {@code topology.metrics.consumer.register}: at
 * each metrics tick, one unanchored tuple {@code (TaskInfo, [DataPoint...])} on Storm's {@code __metrics}
 * stream, which the consumer components (Storm's own MetricsConsumerBolt) read with a shuffle grouping. As
 * Storm's executor: the v1 metrics of the tick's interval, plus, with {@code topology.enable.v2.metrics.tick},
 * the v2 metrics every {@code topology.v2.metrics.tick.interval.seconds} (default 60).
 */
public final class MetricsConsumerFeed {
    /** Emits an unanchored tuple on a stream of this task (the task thread's emitter). */
    public interface Emit {
        void emit(String stream, List<Object> values);
    }

    private final String host;
    private final int port;
    private final String component;
    private final int taskId;
    private final StormMetricRegistry registry;
    private final Integer v2IntervalSecs;
    private final Emit emit;

    MetricsConsumerFeed(
            String host,
            int port,
            String component,
            int taskId,
            StormMetricRegistry registry,
            Integer v2IntervalSecs,
            Emit emit) {
        this.host = host;
        this.port = port;
        this.component = component;
        this.taskId = taskId;
        this.registry = registry;
        this.v2IntervalSecs = v2IntervalSecs;
        this.emit = emit;
    }

    /** The feed of a task, or null when no consumer reads its {@code __metrics} stream. */
    public static MetricsConsumerFeed of(
            TopologyContext context, Map<String, Object> conf, String host, StormMetricRegistry registry, Emit emit) {
        Map<String, Grouping> readers = context.getThisTargets().get(Constants.METRICS_STREAM_ID);
        if (readers == null || readers.isEmpty()) {
            return null;
        }
        Integer v2 = ObjectReader.getBoolean(conf.get(Config.TOPOLOGY_ENABLE_V2_METRICS_TICK), false)
                ? ObjectReader.getInt(conf.get(Config.TOPOLOGY_V2_METRICS_TICK_INTERVAL_SECONDS), 60)
                : null;
        return new MetricsConsumerFeed(
                host,
                context.getThisWorkerPort(),
                context.getThisComponentId(),
                context.getThisTaskId(),
                registry,
                v2,
                emit);
    }

    /** The interval of the v2 metrics tick, or null when v2 metrics do not go to consumers. */
    public Integer v2IntervalSecs() {
        return v2IntervalSecs;
    }

    /**
     * Sends the tick of {@code intervalSecs}: the v1 data points given, plus the v2 metrics on the v2 interval.
     * Nothing when there is nothing to say, as on Storm.
     */
    public void tick(int intervalSecs, long nowMs, List<DataPoint> v1Points) {
        List<DataPoint> points = new ArrayList<>(v1Points);
        if (v2IntervalSecs != null && v2IntervalSecs == intervalSecs) {
            StormDataPoints.add(registry, taskId, points);
        }
        if (points.isEmpty()) {
            return;
        }
        TaskInfo info = new TaskInfo(host, port, component, taskId, nowMs / 1000, intervalSecs);
        emit.emit(Constants.METRICS_STREAM_ID, new Values(info, points));
    }
}
