package org.egret.instance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.task.WorkerTopologyContext;
import org.apache.storm.topology.TopologyBuilder;
import org.egret.proto.InstanceLocation;
import org.egret.proto.PhysicalPlan;
import org.egret.storm.fixtures.Fixtures;
import org.egret.storm.translate.MetricsConsumerComponents;
import org.egret.storm.translate.StormNormalizer;

/**
 * A captured spout -> bolt topology ("spout", "bolt" with two tasks) with the metrics consumers {@code conf}
 * registers, and the Storm contexts of its tasks, as an instance builds them.
 */
public final class TaskContexts {
    public final StormTopology topology;
    public final Map<String, Object> conf;
    public final PhysicalPlan plan;

    public TaskContexts(Map<String, Object> submittedConf) {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("spout", new Fixtures.StreamsSpout("default"), 1);
        b.setBolt("bolt", new Fixtures.NoopBolt(), 2).shuffleGrouping("spout");
        StormNormalizer.Normalized n = StormNormalizer.normalize("t", submittedConf, b.createTopology());
        topology = MetricsConsumerComponents.add(n.conf(), n.topology());
        conf = StormNormalizer.runtimeConf(n.conf());
        plan = RouterTest.plan(topology);
    }

    /** The tasks of a component. */
    public List<Integer> tasks(String component) {
        return plan.getInstancesList().stream()
                .filter(l -> l.getComponent().equals(component))
                .map(InstanceLocation::getTaskId)
                .toList();
    }

    /** The user context of a task, its v2 metrics going to {@code registry}. */
    public TopologyContext task(
            int taskId, StormMetricRegistry registry, Map<Integer, Map<Integer, Map<String, IMetric>>> registered) {
        return StormContexts.task(
                topology,
                conf,
                PlanView.of(plan, topology, taskId),
                "t-1",
                "/tmp",
                "/tmp",
                6700,
                registered,
                new AtomicBoolean(),
                registry);
    }

    public TopologyContext task(int taskId, StormMetricRegistry registry) {
        return task(taskId, registry, new HashMap<>());
    }

    public WorkerTopologyContext worker(int taskId) {
        return StormContexts.worker(
                topology, conf, PlanView.of(plan, topology, taskId), "t-1", "127.0.0.1", "/tmp", "/tmp", 6700);
    }
}
