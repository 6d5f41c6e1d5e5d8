package org.egret.stmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.egret.net.NetClient;
import org.egret.net.NetServer;
import org.egret.proto.DataTuple;
import org.egret.proto.InstanceLocation;
import org.egret.proto.NewPhysicalPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.RegisterInstanceRequest;
import org.egret.proto.RegisterInstanceResponse;
import org.egret.proto.StMgrLocation;
import org.egret.proto.TupleBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two stream managers and fake instances on loopback: registration, plan hand-out and routing. */
class StreamManagerLoopbackTest {
  private static final StMgrSettings SETTINGS = new StMgrSettings(1024, 100, 2, 2000, 5000, 500, 1 << 20, 1 << 18);

  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final NioEventLoopGroup clients = new NioEventLoopGroup(1);
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** A stand-in for an instance JVM: sends what it is told, queues what it receives. */
  private final class FakeInstance {
    final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    final Channel channel;

    FakeInstance(NetServer sm, int task) throws InterruptedException {
      channel = NetClient.connectSync(clients, "127.0.0.1", sm.port(), new SimpleChannelInboundHandler<Message>() {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
          received.add(msg);
        }
      });
      closeables.add(() -> channel.close().syncUninterruptibly());
      channel.writeAndFlush(RegisterInstanceRequest.newBuilder().setTaskId(task).setComponent("c").setPid(1).build());
    }

    <T extends Message> T next(Class<T> type) throws InterruptedException {
      Message m = received.poll(10, TimeUnit.SECONDS);
      assertNotNull(m, "nothing received within the deadline");
      return type.cast(m);
    }
  }

  private NetServer serve(StreamManager sm) throws InterruptedException {
    NetServer server = NetServer.bind(group, "127.0.0.1", 0, () -> new StMgrServerHandler(sm), true);
    closeables.add(server);
    return server;
  }

  private void onLoop(Runnable r) throws Exception {
    group.next().submit(r).get(10, TimeUnit.SECONDS);
  }

  private static PhysicalPlan plan(long version, NetServer one, NetServer two) {
    PhysicalPlan.Builder b = PhysicalPlan.newBuilder().setVersion(version)
        .addStmgrs(StMgrLocation.newBuilder().setId("stmgr-1").setContainer(1).setHost("127.0.0.1")
            .setDataPort(one.port()))
        .addStmgrs(StMgrLocation.newBuilder().setId("stmgr-2").setContainer(2).setHost("127.0.0.1")
            .setDataPort(two.port()));
    for (int task : new int[] {1, 2}) {
      b.addInstances(InstanceLocation.newBuilder().setComponent("c").setTaskId(task).setStmgrId("stmgr-1"));
    }
    b.addInstances(InstanceLocation.newBuilder().setComponent("c").setTaskId(3).setStmgrId("stmgr-2"));
    return b.build();
  }

  private static DataTuple tuple(int n, Integer... dests) {
    return DataTuple.newBuilder().setSourceTask(1).setStream("default").addAllDestTasks(List.of(dests))
        .setValues(ByteString.copyFromUtf8("v" + n)).build();
  }

  @Test
  void routesLocallyAndAcrossStreamManagers() throws Exception {
    StreamManager sm1 = new StreamManager("stmgr-1", Set.of(1, 2), SETTINGS, group);
    StreamManager sm2 = new StreamManager("stmgr-2", Set.of(3), SETTINGS, group);
    closeables.add(() -> onLoop(() -> {
      sm1.close();
      sm2.close();
    }));
    NetServer s1 = serve(sm1);
    NetServer s2 = serve(sm2);

    // Registered before any plan exists: the reply waits for the plan.
    FakeInstance task1 = new FakeInstance(s1, 1);
    FakeInstance task3 = new FakeInstance(s2, 3);
    assertNull(task1.received.poll(100, TimeUnit.MILLISECONDS));

    PhysicalPlan plan = plan(1, s1, s2);
    onLoop(() -> {
      sm1.onPlan(plan);
      sm2.onPlan(plan);
    });
    RegisterInstanceResponse r1 = task1.next(RegisterInstanceResponse.class);
    assertTrue(r1.getStatus().getOk());
    assertEquals(plan, r1.getPplan());
    assertTrue(task3.next(RegisterInstanceResponse.class).getStatus().getOk());

    // Task 2 is local but not connected yet, task 3 is behind the other stream manager.
    task1.channel.writeAndFlush(TupleBatch.newBuilder().addTuples(tuple(1, 2, 3)).addTuples(tuple(2, 3)).build());
    List<DataTuple> at3 = new ArrayList<>();
    while (at3.size() < 2) {
      at3.addAll(task3.next(TupleBatch.class).getTuplesList());
    }
    assertEquals(List.of("v1", "v2"), at3.stream().map(t -> t.getValues().toStringUtf8()).toList());
    assertEquals(List.of(3), at3.get(0).getDestTasksList());

    FakeInstance task2 = new FakeInstance(s1, 2);
    assertTrue(task2.next(RegisterInstanceResponse.class).getStatus().getOk());
    TupleBatch held = task2.next(TupleBatch.class);
    assertEquals(1, held.getTuplesCount());
    assertEquals(List.of(2), held.getTuples(0).getDestTasksList());
    assertEquals("v1", held.getTuples(0).getValues().toStringUtf8());

    // A newer plan reaches every registered instance; an older one is ignored.
    PhysicalPlan v2 = plan.toBuilder().setVersion(2).build();
    onLoop(() -> {
      sm1.onPlan(v2);
      sm1.onPlan(plan);
    });
    assertEquals(2, task1.next(NewPhysicalPlan.class).getPplan().getVersion());
    assertEquals(2, task2.next(NewPhysicalPlan.class).getPplan().getVersion());
    assertNull(task1.received.poll(100, TimeUnit.MILLISECONDS));
  }

  @Test
  void rejectsATaskOfAnotherContainer() throws Exception {
    StreamManager sm1 = new StreamManager("stmgr-1", Set.of(1, 2), SETTINGS, group);
    NetServer s1 = serve(sm1);
    FakeInstance stranger = new FakeInstance(s1, 3);
    RegisterInstanceResponse r = stranger.next(RegisterInstanceResponse.class);
    assertFalse(r.getStatus().getOk());
    assertTrue(r.getStatus().getMessage().contains("task 3"));
  }
}
