package org.egret.stmgr;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.egret.proto.ComponentKind;
import org.egret.proto.InputStream;
import org.egret.proto.InstanceLocation;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.PlanComponent;

/**
 * Which tasks a spout's tuples can reach in the logical plan, through any stream and any number of
 * bolts: what back pressure on a slow task pauses. Built once per physical plan. Component-level, so a
 * direct or fields grouping that happens never to reach a task still counts: pausing a spout too many
 * is safe, too few is not. A task or stream manager the plan does not know counts as reached.
 */
final class SpoutReach {
    static final SpoutReach NONE = new SpoutReach(Map.of(), Map.of(), Map.of(), Map.of());

    private final Map<Integer, String> componentOfTask;
    private final Map<Integer, String> ownerOfTask;
    /** Spout component -> every component downstream of it. */
    private final Map<String, Set<String>> downstream;
    /** Stream manager -> the components of the tasks it hosts. */
    private final Map<String, Set<String>> componentsOn;

    private SpoutReach(
            Map<Integer, String> componentOfTask,
            Map<Integer, String> ownerOfTask,
            Map<String, Set<String>> downstream,
            Map<String, Set<String>> componentsOn) {
        this.componentOfTask = componentOfTask;
        this.ownerOfTask = ownerOfTask;
        this.downstream = downstream;
        this.componentsOn = componentsOn;
    }

    static SpoutReach of(PhysicalPlan plan) {
        Map<String, Set<String>> readers = new HashMap<>();
        Set<String> spouts = new HashSet<>();
        for (PlanComponent c : plan.getTopology().getComponentsList()) {
            if (c.getKind() == ComponentKind.SPOUT) {
                spouts.add(c.getName());
            }
            for (InputStream in : c.getInputsList()) {
                readers.computeIfAbsent(in.getComponent(), k -> new HashSet<>()).add(c.getName());
            }
        }
        Map<String, Set<String>> downstream = new HashMap<>();
        for (String spout : spouts) {
            Set<String> seen = new HashSet<>();
            ArrayDeque<String> frontier = new ArrayDeque<>(readers.getOrDefault(spout, Set.of()));
            while (!frontier.isEmpty()) {
                String c = frontier.poll();
                if (seen.add(c)) {
                    frontier.addAll(readers.getOrDefault(c, Set.of()));
                }
            }
            downstream.put(spout, seen);
        }
        Map<Integer, String> componentOfTask = new HashMap<>();
        Map<Integer, String> ownerOfTask = new HashMap<>();
        Map<String, Set<String>> componentsOn = new HashMap<>();
        for (InstanceLocation i : plan.getInstancesList()) {
            componentOfTask.put(i.getTaskId(), i.getComponent());
            ownerOfTask.put(i.getTaskId(), i.getStmgrId());
            componentsOn.computeIfAbsent(i.getStmgrId(), k -> new HashSet<>()).add(i.getComponent());
        }
        return new SpoutReach(componentOfTask, ownerOfTask, downstream, componentsOn);
    }

    /** Task {@code task}'s component, "?" when the plan does not know it. */
    String componentOf(int task) {
        return componentOfTask.getOrDefault(task, "?");
    }

    /** Whether the plan places task {@code task} on stream manager {@code stmgrId}. */
    boolean hosts(String stmgrId, int task) {
        return stmgrId.equals(ownerOfTask.get(task));
    }

    boolean isSpout(int task) {
        String c = componentOfTask.get(task);
        return c != null && downstream.containsKey(c);
    }

    /** Whether spout task {@code spoutTask}'s tuples can reach task {@code task}. */
    boolean reaches(int spoutTask, int task) {
        String to = componentOfTask.get(task);
        return to == null || downstreamOf(spoutTask).contains(to);
    }

    /** Whether spout task {@code spoutTask}'s tuples can reach a task that stream manager {@code stmgrId} hosts. */
    boolean reachesStmgr(int spoutTask, String stmgrId) {
        Set<String> hosted = componentsOn.get(stmgrId);
        if (hosted == null) {
            return true;
        }
        Set<String> reached = downstreamOf(spoutTask);
        for (String c : hosted) {
            if (reached.contains(c)) {
                return true;
            }
        }
        return false;
    }

    private Set<String> downstreamOf(int spoutTask) {
        return downstream.getOrDefault(componentOfTask.get(spoutTask), Set.of());
    }
}
