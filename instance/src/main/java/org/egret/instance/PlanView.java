package org.egret.instance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.storm.Constants;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.StreamInfo;
import org.apache.storm.tuple.Fields;
import org.egret.proto.InstanceLocation;
import org.egret.proto.PhysicalPlan;
import org.egret.storm.translate.StormComponents;

/**
 * What Storm's contexts need to know about the physical plan, seen from one task: every task's component,
 * each component's sorted tasks, each stream's fields, and the tasks of this task's container.
 */
final class PlanView {
    private final int taskId;
    private final String component;
    private final String stmgrId;
    private final Map<Integer, String> taskToComponent;
    private final Map<String, List<Integer>> componentToSortedTasks;
    private final Map<String, Map<String, Fields>> componentToStreamToFields;
    private final List<Integer> containerTasks;

    private PlanView(
            int taskId,
            String component,
            String stmgrId,
            Map<Integer, String> taskToComponent,
            Map<String, List<Integer>> componentToSortedTasks,
            Map<String, Map<String, Fields>> fields,
            List<Integer> containerTasks) {
        this.taskId = taskId;
        this.component = component;
        this.stmgrId = stmgrId;
        this.taskToComponent = taskToComponent;
        this.componentToSortedTasks = componentToSortedTasks;
        this.componentToStreamToFields = fields;
        this.containerTasks = containerTasks;
    }

    /** Builds the view of task {@code taskId}; the plan's instance list is authoritative. */
    public static PlanView of(PhysicalPlan plan, StormTopology topology, int taskId) {
        InstanceLocation me = null;
        Map<Integer, String> taskToComponent = new HashMap<>();
        Map<String, List<Integer>> compTasks = new TreeMap<>();
        for (InstanceLocation l : plan.getInstancesList()) {
            taskToComponent.put(l.getTaskId(), l.getComponent());
            compTasks.computeIfAbsent(l.getComponent(), k -> new ArrayList<>()).add(l.getTaskId());
            if (l.getTaskId() == taskId) {
                me = l;
            }
        }
        if (me == null) {
            throw new IllegalStateException(
                    "task " + taskId + " is not in the physical plan (version " + plan.getVersion() + ")");
        }
        List<Integer> container = new ArrayList<>();
        for (InstanceLocation l : plan.getInstancesList()) {
            if (l.getStmgrId().equals(me.getStmgrId())) {
                container.add(l.getTaskId());
            }
        }
        Collections.sort(container);
        compTasks.values().forEach(Collections::sort);
        taskToComponent.put((int) Constants.SYSTEM_TASK_ID, Constants.SYSTEM_COMPONENT_ID);

        Map<String, Map<String, Fields>> fields = new HashMap<>();
        for (Map.Entry<String, ComponentCommon> e :
                StormComponents.commons(topology).entrySet()) {
            Map<String, Fields> streams = new HashMap<>();
            for (Map.Entry<String, StreamInfo> s : e.getValue().get_streams().entrySet()) {
                streams.put(s.getKey(), new Fields(s.getValue().get_output_fields()));
            }
            fields.put(e.getKey(), streams);
        }
        Map<String, Fields> system = new HashMap<>();
        system.put(Constants.SYSTEM_TICK_STREAM_ID, new Fields("rate_secs"));
        fields.put(Constants.SYSTEM_COMPONENT_ID, system);
        return new PlanView(taskId, me.getComponent(), me.getStmgrId(), taskToComponent, compTasks, fields, container);
    }

    public int taskId() {
        return taskId;
    }

    public String component() {
        return component;
    }

    public String stmgrId() {
        return stmgrId;
    }

    public Map<Integer, String> taskToComponent() {
        return taskToComponent;
    }

    public Map<String, List<Integer>> componentToSortedTasks() {
        return componentToSortedTasks;
    }

    public Map<String, Map<String, Fields>> componentToStreamToFields() {
        return componentToStreamToFields;
    }

    public List<Integer> containerTasks() {
        return containerTasks;
    }

    /** Whether another plan assigns the same tasks to the same components (containers may differ). */
    public boolean sameTasks(PlanView other) {
        return componentToSortedTasks.equals(other.componentToSortedTasks);
    }
}
