package org.egret.stmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import com.google.protobuf.ByteString;
import org.egret.proto.DataTuple;
import org.egret.proto.RawTupleBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboxTest {
  private final List<Outbox> dirty = new ArrayList<>();
  private final EmbeddedChannel channel = new EmbeddedChannel();

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private static ByteString tuple(int n) {
    return DataTuple.newBuilder().setSourceTask(n).addDestTasks(1).build().toByteString();
  }

  private List<Integer> sources(RawTupleBatch b) {
    return b.getTuplesList().stream().map(t -> TupleBytes.parse(t).getSourceTask()).toList();
  }

  @Test
  void batchesUntilFullThenWrites() {
    Outbox box = new Outbox("task 1", 3, 10, dirty);
    box.attach(channel);
    box.offer(tuple(1));
    box.offer(tuple(2));
    assertNull(channel.readOutbound());
    assertEquals(List.of(box), dirty);
    box.offer(tuple(3));
    assertEquals(List.of(1, 2, 3), sources(channel.readOutbound()));
    assertEquals(3, box.sent());
  }

  @Test
  void flushSendsAPartialBatch() {
    Outbox box = new Outbox("task 1", 100, 10, dirty);
    box.attach(channel);
    box.offer(tuple(7));
    box.flush();
    assertEquals(List.of(7), sources(channel.readOutbound()));
    box.flush();
    assertNull(channel.readOutbound());
  }

  @Test
  void holdsTuplesUntilConnectedAndDropsBeyondTheBound() {
    Outbox box = new Outbox("stmgr-2", 100, 2, dirty);
    assertTrue(box.offer(tuple(1)));
    assertTrue(box.offer(tuple(2)));
    assertFalse(box.offer(tuple(3)));
    assertEquals(1, box.takeDropped());
    assertEquals(0, box.takeDropped());
    box.attach(channel);
    assertEquals(List.of(1, 2), sources(channel.readOutbound()));
    assertEquals(0, box.pendingCount());
  }

  @Test
  void unsentTuplesWaitAgainAfterADisconnect() {
    Outbox box = new Outbox("task 1", 100, 10, dirty);
    box.attach(channel);
    box.offer(tuple(1));
    box.offer(tuple(2));
    box.detach(channel);
    assertEquals(2, box.pendingCount());
    box.offer(tuple(3));
    EmbeddedChannel next = new EmbeddedChannel();
    box.attach(next);
    assertEquals(List.of(1, 2, 3), sources(next.readOutbound()));
    next.finishAndReleaseAll();
  }

  @Test
  void detachOfAnOldChannelIsIgnored() {
    Outbox box = new Outbox("task 1", 100, 10, dirty);
    EmbeddedChannel old = new EmbeddedChannel();
    box.attach(old);
    box.attach(channel);
    box.detach(old);
    assertEquals(channel, box.channel());
    old.finishAndReleaseAll();
  }
}
