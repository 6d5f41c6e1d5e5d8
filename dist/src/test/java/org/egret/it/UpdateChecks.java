package org.egret.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.storm.utils.TupleUtils;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;

/**
 * What an update test checks on ReliableTopology's output: which sink task recorded which ids, and
 * whether ids first emitted after an update went to the task Storm's fields grouping picks among the
 * sink tasks of the new plan (each key on exactly one task).
 */
final class UpdateChecks {
    private UpdateChecks() {}

    /** Sink task -> every id it recorded (files {@code sink-<task>-<pid>.txt}, all incarnations). */
    static Map<Integer, Set<Long>> idsBySinkTask(Path dir) {
        Map<Integer, Set<Long>> out = new TreeMap<>();
        ReliableRun.eachId(
                dir,
                "sink-",
                (file, id) -> out.computeIfAbsent(
                                Integer.parseInt(file.getFileName().toString().split("-")[1]), t -> new TreeSet<>())
                        .add(id));
        return out;
    }

    /** The plan's task ids of one component, sorted (the order Storm's groupers index). */
    static List<Integer> tasksOf(PackingPlan plan, String component) {
        List<Integer> tasks = new ArrayList<>();
        for (ContainerPlan c : plan.getContainersList()) {
            for (InstancePlan i : c.getInstancesList()) {
                if (i.getComponent().equals(component)) {
                    tasks.add(i.getTaskId());
                }
            }
        }
        tasks.sort(null);
        return tasks;
    }

    /** The container holding a task, or -1. */
    static int containerOf(PackingPlan plan, int task) {
        for (ContainerPlan c : plan.getContainersList()) {
            for (InstancePlan i : c.getInstancesList()) {
                if (i.getTaskId() == task) {
                    return c.getId();
                }
            }
        }
        return -1;
    }

    /** The sink task a fields grouping on the id picks among {@code sinkTasks}, as Storm computes it. */
    static int fieldsTarget(long id, List<Integer> sinkTasks) {
        return sinkTasks.get(TupleUtils.chooseTaskIndex(List.<Object>of(id), sinkTasks.size()));
    }

    /**
     * Ids in {@code (from, to]} that a sink task other than the fields grouping's choice among
     * {@code sinkTasks} recorded, as "id@task" lines; empty when every key landed on its one task.
     */
    static List<String> misrouted(Map<Integer, Set<Long>> byTask, List<Integer> sinkTasks, long from, long to) {
        return misrouted(byTask, sinkTasks, from, to, Set.of(), sinkTasks);
    }

    /**
     * As above, except that an id the spout replayed may also be on its choice among {@code laterSinkTasks}:
     * an id lost with a sink task that the next update removed is replayed after that update, on its routes.
     */
    static List<String> misrouted(
            Map<Integer, Set<Long>> byTask,
            List<Integer> sinkTasks,
            long from,
            long to,
            Set<Long> replayed,
            List<Integer> laterSinkTasks) {
        List<String> wrong = new ArrayList<>();
        byTask.forEach((task, ids) -> {
            for (long id : ((TreeSet<Long>) ids).subSet(from, false, to, true)) {
                if (fieldsTarget(id, sinkTasks) != task
                        && !(replayed.contains(id) && fieldsTarget(id, laterSinkTasks) == task)) {
                    wrong.add(id + "@" + task);
                }
            }
        });
        return wrong;
    }
}
