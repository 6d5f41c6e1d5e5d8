package org.egret.packing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.egret.proto.Component;
import org.egret.proto.Topology;

/**
 * Storm task ids of a topology, computed the way Nimbus does: components sorted by name, ids
 * consecutive from 1 in that order, {@code tasks} ids per component.
 *
 * <p>Packing, the physical plan, groupings and every instance's {@code TopologyContext} must agree on
 * these numbers without talking to each other, so they are derived only from the logical plan and never
 * stored separately. Egret runs no acker or system tasks, so ids are dense from 1.
 */
public final class TaskIds {
    private TaskIds() {}

    /** One task: its component, its global id and its index within the component (0..tasks-1). */
    public record Task(String component, int taskId, int componentIndex) {}

    /**
     * Every task of the topology, ordered by task id.
     *
     * @throws PackingException when the topology has no components, a component has no tasks, or two
     *     components share a name: no numbering is possible then
     */
    public static List<Task> tasks(Topology topology) {
        List<Component> components = sortedComponents(topology);
        List<Task> tasks = new ArrayList<>();
        int next = 1;
        for (Component c : components) {
            for (int index = 0; index < c.getTasks(); index++) {
                tasks.add(new Task(c.getName(), next, index));
                next = Math.addExact(next, 1);
            }
        }
        return Collections.unmodifiableList(tasks);
    }

    /** Task ids per component, components in name order (the order ids were handed out). */
    public static Map<String, List<Integer>> assign(Topology topology) {
        Map<String, List<Integer>> ids = new LinkedHashMap<>();
        for (Task t : tasks(topology)) {
            ids.computeIfAbsent(t.component(), k -> new ArrayList<>()).add(t.taskId());
        }
        ids.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(ids);
    }

    private static List<Component> sortedComponents(Topology topology) {
        if (topology.getComponentsCount() == 0) {
            throw new PackingException("topology '" + topology.getName() + "' has no components");
        }
        Set<String> names = new HashSet<>();
        long total = 0;
        for (Component c : topology.getComponentsList()) {
            if (!names.add(c.getName())) {
                throw new PackingException(
                        "topology '" + topology.getName() + "' has two components named '" + c.getName() + "'");
            }
            if (c.getTasks() <= 0) {
                throw new PackingException("component '" + c.getName() + "' has " + c.getTasks()
                        + " tasks; every component needs at least 1 (topology.tasks)");
            }
            total += c.getTasks();
        }
        if (total > Integer.MAX_VALUE) {
            throw new PackingException(
                    "topology '" + topology.getName() + "' has " + total + " tasks; task ids must fit in an int");
        }
        List<Component> sorted = new ArrayList<>(topology.getComponentsList());
        sorted.sort(Comparator.comparing(Component::getName));
        return sorted;
    }
}
