package org.egret.stmgr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.egret.proto.DataTuple;

/**
 * Splits a tuple's destination tasks into local deliveries and one copy per remote stream
 * manager. Never looks at the values: copies share the original's value bytes.
 */
public final class TupleRouter {
  /** Where routed tuples go. */
  public interface Destinations {
    /** A tuple for one local task; its dest_tasks names only that task. */
    void toTask(int task, DataTuple tuple);

    /** A tuple for a remote stream manager; its dest_tasks are the tasks that manager hosts. */
    void toStMgr(String stmgrId, DataTuple tuple);

    /** A destination no one can take: unknown to the plan, or remote on a tuple that came from a peer. */
    void unroutable(int task, DataTuple tuple);
  }

  private RoutingTable table;

  public TupleRouter(RoutingTable table) {
    this.table = table;
  }

  public void setTable(RoutingTable table) {
    this.table = table;
  }

  public RoutingTable table() {
    return table;
  }

  /**
   * Routes one tuple. {@code fromPeer}: the tuple arrived from another stream manager, which only
   * sends tuples for our tasks; forwarding it again could loop between managers with different plans.
   */
  public void route(DataTuple tuple, boolean fromPeer, Destinations out) {
    int n = tuple.getDestTasksCount();
    if (n == 1) {
      int task = tuple.getDestTasks(0);
      if (table.isLocal(task)) {
        out.toTask(task, tuple);
      } else {
        String owner = fromPeer ? null : table.ownerOf(task);
        if (owner == null) {
          out.unroutable(task, tuple);
        } else {
          out.toStMgr(owner, tuple);
        }
      }
      return;
    }
    Map<String, List<Integer>> remote = null;
    for (int i = 0; i < n; i++) {
      int task = tuple.getDestTasks(i);
      if (table.isLocal(task)) {
        out.toTask(task, tuple.toBuilder().clearDestTasks().addDestTasks(task).build());
        continue;
      }
      String owner = fromPeer ? null : table.ownerOf(task);
      if (owner == null) {
        out.unroutable(task, tuple);
        continue;
      }
      if (remote == null) {
        remote = new LinkedHashMap<>(4);
      }
      remote.computeIfAbsent(owner, k -> new ArrayList<>()).add(task);
    }
    if (remote != null) {
      for (Map.Entry<String, List<Integer>> e : remote.entrySet()) {
        List<Integer> tasks = e.getValue();
        out.toStMgr(e.getKey(), tasks.size() == n ? tuple
            : tuple.toBuilder().clearDestTasks().addAllDestTasks(tasks).build());
      }
    }
  }
}
