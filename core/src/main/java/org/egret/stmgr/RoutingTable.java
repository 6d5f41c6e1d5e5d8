package org.egret.stmgr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.egret.proto.InstanceLocation;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.StMgrLocation;

/**
 * Who owns each task, seen from one stream manager: local tasks, and for remote tasks the stream
 * manager that hosts them. Task ids are Storm's dense small integers, so lookups are array reads.
 * Immutable: a new physical plan builds a new table.
 */
public final class RoutingTable {
    private final String self;
    private final String[] ownerByTask;
    private final boolean[] localByTask;
    private final Set<Integer> localTasks;
    private final Map<String, StMgrLocation> peers;
    private final long version;

    private RoutingTable(
            String self,
            String[] ownerByTask,
            boolean[] localByTask,
            Set<Integer> localTasks,
            Map<String, StMgrLocation> peers,
            long version) {
        this.self = self;
        this.ownerByTask = ownerByTask;
        this.localByTask = localByTask;
        this.localTasks = localTasks;
        this.peers = peers;
        this.version = version;
    }

    public static RoutingTable of(PhysicalPlan plan, String self) {
        int max = -1;
        for (InstanceLocation i : plan.getInstancesList()) {
            if (i.getTaskId() < 0) {
                throw new IllegalArgumentException("negative task id " + i.getTaskId() + " in the physical plan");
            }
            max = Math.max(max, i.getTaskId());
        }
        String[] owner = new String[max + 1];
        boolean[] local = new boolean[max + 1];
        Set<Integer> localTasks = new TreeSet<>();
        for (InstanceLocation i : plan.getInstancesList()) {
            owner[i.getTaskId()] = i.getStmgrId();
            if (self.equals(i.getStmgrId())) {
                local[i.getTaskId()] = true;
                localTasks.add(i.getTaskId());
            }
        }
        Map<String, StMgrLocation> peers = new LinkedHashMap<>();
        for (StMgrLocation s : plan.getStmgrsList()) {
            if (!self.equals(s.getId())) {
                peers.put(s.getId(), s);
            }
        }
        return new RoutingTable(
                self,
                owner,
                local,
                Collections.unmodifiableSet(localTasks),
                Collections.unmodifiableMap(peers),
                plan.getVersion());
    }

    public boolean isLocal(int task) {
        return task >= 0 && task < localByTask.length && localByTask[task];
    }

    /** The stream manager hosting {@code task} (possibly this one), or null when the plan has no such task. */
    public String ownerOf(int task) {
        return task >= 0 && task < ownerByTask.length ? ownerByTask[task] : null;
    }

    public String self() {
        return self;
    }

    public Set<Integer> localTasks() {
        return localTasks;
    }

    /** Every other stream manager of the plan, by id. */
    public Map<String, StMgrLocation> peers() {
        return peers;
    }

    public long version() {
        return version;
    }
}
