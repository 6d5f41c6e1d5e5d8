package org.egret.instance;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.storm.generated.NodeInfo;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.task.WorkerTopologyContext;

/** Builds Storm's own contexts for one task from a {@link PlanView}. */
final class StormContexts {
    /** The "node" every task is on, as Storm's load-aware shuffle sees it. */
    static final String NODE = "egret";

    private StormContexts() {}

    /**
     * The worker context whose worker tasks are this container's tasks (so localOrShuffle means "same
     * container"). Every task is reported on one node and port, so load-aware shuffle, which has no load
     * reports here, spreads over all targets instead of preferring this container.
     */
    public static WorkerTopologyContext worker(
            StormTopology topology,
            Map<String, Object> conf,
            PlanView plan,
            String stormId,
            String host,
            String codeDir,
            String pidDir,
            int workerPort) {
        Set<Long> ports = new HashSet<>();
        ports.add((long) workerPort);
        Map<Integer, NodeInfo> taskToNodePort = new HashMap<>();
        for (Integer t : plan.taskToComponent().keySet()) {
            if (t >= 0) {
                taskToNodePort.put(t, new NodeInfo(NODE, ports));
            }
        }
        Map<String, String> nodeToHost = new HashMap<>();
        nodeToHost.put(NODE, host);
        return new WorkerTopologyContext(
                topology,
                conf,
                plan.taskToComponent(),
                plan.componentToSortedTasks(),
                plan.componentToStreamToFields(),
                stormId,
                codeDir,
                pidDir,
                workerPort,
                plan.containerTasks(),
                new HashMap<>(),
                new HashMap<>(),
                new AtomicReference<>(taskToNodePort),
                NODE,
                new AtomicReference<>(nodeToHost));
    }

    /**
     * The user-facing context of this task (18-argument constructor). Its metrics v2 (registerCounter, ...) go to
     * {@code metricRegistry}, which the task's TaskMetricsReporter reports.
     */
    public static TopologyContext task(
            StormTopology topology,
            Map<String, Object> conf,
            PlanView plan,
            String stormId,
            String codeDir,
            String pidDir,
            int workerPort,
            Map<Integer, Map<Integer, Map<String, IMetric>>> registeredMetrics,
            AtomicBoolean openOrPrepareWasCalled,
            StormMetricRegistry metricRegistry) {
        List<Integer> workerTasks = plan.containerTasks();
        return new TopologyContext(
                topology,
                conf,
                plan.taskToComponent(),
                plan.componentToSortedTasks(),
                plan.componentToStreamToFields(),
                new ConcurrentHashMap<>(),
                stormId,
                codeDir,
                pidDir,
                plan.taskId(),
                workerPort,
                workerTasks,
                new HashMap<>(),
                new HashMap<>(),
                new HashMap<>(),
                registeredMetrics,
                openOrPrepareWasCalled,
                metricRegistry);
    }
}
