package org.egret.stmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.egret.proto.DataTuple;
import org.junit.jupiter.api.Test;

class TupleRouterTest {
  /** Records what the router decided. */
  private static final class Recorder implements TupleRouter.Destinations {
    final List<String> events = new ArrayList<>();
    final List<ByteString> tuples = new ArrayList<>();

    @Override
    public void toTask(int task, ByteString tuple) {
      events.add("task " + task + " " + TupleBytes.parse(tuple).getDestTasksList());
      tuples.add(tuple);
    }

    @Override
    public void toStMgr(String stmgrId, ByteString tuple) {
      events.add(stmgrId + " " + TupleBytes.parse(tuple).getDestTasksList());
      tuples.add(tuple);
    }

    @Override
    public void unroutable(int task) {
      events.add("unroutable " + task);
    }
  }

  private final TupleRouter router = new TupleRouter(RoutingTable.of(
      TestPlans.plan(1, new int[] {1, 2}, new int[] {3, 4}, new int[] {5, 6}), "stmgr-1"));

  private static ByteString tuple(Integer... dests) {
    return DataTuple.newBuilder().setSourceTask(1).setStream("s").addAllDestTasks(List.of(dests))
        .setValues(ByteString.copyFromUtf8("payload")).addRoots(7).addRootEdges(42).build().toByteString();
  }

  @Test
  void singleLocalDestinationKeepsTheOriginal() {
    Recorder r = new Recorder();
    ByteString t = tuple(2);
    router.route(t, false, r);
    assertEquals(List.of("task 2 [2]"), r.events);
    assertSame(t, r.tuples.get(0));
  }

  @Test
  void singleRemoteDestinationKeepsTheOriginal() {
    Recorder r = new Recorder();
    ByteString t = tuple(5);
    router.route(t, false, r);
    assertEquals(List.of("stmgr-3 [5]"), r.events);
    assertSame(t, r.tuples.get(0));
  }

  @Test
  void splitsLocalAndPerStreamManagerDestinations() {
    Recorder r = new Recorder();
    ByteString t = tuple(1, 3, 5, 2, 6, 4);
    router.route(t, false, r);
    assertEquals(List.of("task 1 [1]", "task 2 [2]", "stmgr-2 [3, 4]", "stmgr-3 [5, 6]"), r.events);
    for (ByteString copy : r.tuples) {
      // Copies keep everything but the destinations.
      DataTuple c = TupleBytes.parse(copy);
      assertEquals(TupleBytes.parse(t).getValues(), c.getValues());
      assertEquals(42, c.getRootEdges(0));
      assertEquals(7, c.getRoots(0));
    }
  }

  @Test
  void allDestinationsOnOnePeerKeepTheOriginal() {
    Recorder r = new Recorder();
    ByteString t = tuple(3, 4);
    router.route(t, false, r);
    assertEquals(List.of("stmgr-2 [3, 4]"), r.events);
    assertSame(t, r.tuples.get(0));
  }

  @Test
  void unknownTasksAreUnroutable() {
    Recorder r = new Recorder();
    router.route(tuple(9, 1), false, r);
    assertEquals(List.of("unroutable 9", "task 1 [1]"), r.events);
  }

  @Test
  void tuplesFromPeersAreNeverForwardedAgain() {
    Recorder r = new Recorder();
    router.route(tuple(1, 3), true, r);
    assertEquals(List.of("task 1 [1]", "unroutable 3"), r.events);
  }

  @Test
  void aNewTableChangesTheRoutes() {
    router.setTable(RoutingTable.of(TestPlans.plan(2, new int[] {1}, new int[] {2}), "stmgr-1"));
    Recorder r = new Recorder();
    router.route(tuple(2), false, r);
    assertTrue(r.events.contains("stmgr-2 [2]"));
  }

  @Test
  void destinationsAreReadPackedOrNotWithoutParsingTheRest() throws Exception {
    assertEquals(List.of(3, 1, 2), java.util.Arrays.stream(TupleBytes.destTasks(tuple(3, 1, 2))).boxed().toList());
    assertEquals(0, TupleBytes.destTasks(tuple()).length);
    // unpacked encoding of field 3 (another writer may use it): tag 3/varint per element
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
    out.writeInt32(1, 9);
    out.writeString(2, "s");
    out.writeInt32(3, 5);
    out.writeBytes(4, ByteString.copyFromUtf8("v"));
    out.writeInt32(3, 6);
    out.flush();
    ByteString unpacked = ByteString.copyFrom(bytes.toByteArray());
    assertEquals(List.of(5, 6), java.util.Arrays.stream(TupleBytes.destTasks(unpacked)).boxed().toList());
    assertEquals(List.of(5, 6), TupleBytes.parse(unpacked).getDestTasksList());
  }
}
