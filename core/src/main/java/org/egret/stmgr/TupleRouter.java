package org.egret.stmgr;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.egret.proto.DataTuple;

/**
 * Splits a tuple's destination tasks into local deliveries and one copy per remote stream
 * manager. Works on the serialized tuple: it reads only dest_tasks, forwards the original bytes
 * when they already say the right thing (one destination, or every destination on one manager),
 * and decodes the tuple only to split it.
 */
public final class TupleRouter {
  /** Where routed tuples go. */
  public interface Destinations {
    /** A tuple for one local task; its dest_tasks names only that task. */
    void toTask(int task, ByteString tuple);

    /** A tuple for a remote stream manager; its dest_tasks are the tasks that manager hosts. */
    void toStMgr(String stmgrId, ByteString tuple);

    /** A destination no one can take: unknown to the plan, or remote on a tuple that came from a peer. */
    void unroutable(int task);
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
   * Routes one serialized DataTuple. {@code fromPeer}: the tuple arrived from another stream
   * manager, which only sends tuples for our tasks; forwarding it again could loop between managers
   * with different plans.
   */
  public void route(ByteString tuple, boolean fromPeer, Destinations out) {
    int[] dests = TupleBytes.destTasks(tuple);
    int n = dests.length;
    if (n == 1) {
      int task = dests[0];
      if (table.isLocal(task)) {
        out.toTask(task, tuple);
      } else {
        String owner = fromPeer ? null : table.ownerOf(task);
        if (owner == null) {
          out.unroutable(task);
        } else {
          out.toStMgr(owner, tuple);
        }
      }
      return;
    }
    DataTuple parsed = null;
    Map<String, List<Integer>> remote = null;
    for (int task : dests) {
      if (table.isLocal(task)) {
        if (parsed == null) {
          parsed = TupleBytes.parse(tuple);
        }
        out.toTask(task, TupleBytes.withDests(parsed, List.of(task)));
        continue;
      }
      String owner = fromPeer ? null : table.ownerOf(task);
      if (owner == null) {
        out.unroutable(task);
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
        if (tasks.size() == n) {
          out.toStMgr(e.getKey(), tuple);
        } else {
          if (parsed == null) {
            parsed = TupleBytes.parse(tuple);
          }
          out.toStMgr(e.getKey(), TupleBytes.withDests(parsed, tasks));
        }
      }
    }
  }
}
