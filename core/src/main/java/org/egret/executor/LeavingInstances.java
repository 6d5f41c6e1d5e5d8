package org.egret.executor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.egret.proto.InstanceLocation;
import org.egret.proto.PhysicalPlan;

/**
 * Instances an update took from this container that still run. An instance is stopped only once
 * the Topology Master has published a physical plan without its task: until then the other tasks
 * still route tuples to it, and stopping it earlier loses those tuples (acking replays them, after
 * the message timeout). Not thread-safe: the executor's plan thread owns it.
 */
final class LeavingInstances {
    /** task id -> process name. */
    private final Map<Integer, String> leaving = new TreeMap<>();

    private Set<Integer> published;

    /** The packing plan took {@code task} (process {@code name}) away; returns what may be stopped now. */
    List<String> leave(int task, String name) {
        leaving.put(task, name);
        return stoppable();
    }

    /**
     * The packing plan names {@code task} here again (an update rolled back before the TM published):
     * its process, still running, if it was leaving.
     */
    String stay(int task) {
        return leaving.remove(task);
    }

    /** The TM published {@code plan}; returns the processes of leaving tasks it no longer places. */
    List<String> published(PhysicalPlan plan) {
        Set<Integer> tasks = new HashSet<>();
        for (InstanceLocation i : plan.getInstancesList()) {
            tasks.add(i.getTaskId());
        }
        published = tasks;
        return stoppable();
    }

    private List<String> stoppable() {
        List<String> out = new ArrayList<>();
        if (published == null) {
            return out;
        }
        leaving.entrySet().removeIf(e -> {
            if (published.contains(e.getKey())) {
                return false;
            }
            out.add(e.getValue());
            return true;
        });
        return out;
    }
}
