package org.egret.stmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.egret.net.TaskBatchFrame;
import org.egret.net.TaskBatchWriter;
import org.egret.proto.DataTuple;
import org.egret.proto.TaskBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboxTest {
  private final List<Outbox> dirty = new ArrayList<>();
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final List<EmbeddedChannel> channels = new ArrayList<>(List.of(channel));

  @AfterEach
  void close() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  private EmbeddedChannel newChannel() {
    EmbeddedChannel ch = new EmbeddedChannel();
    channels.add(ch);
    return ch;
  }

  /** A batch for task 1 with one tuple per source task given (the sources tell tuples apart). */
  private static TaskBatchFrame batch(int... sources) {
    TaskBatchWriter w = new TaskBatchWriter(1);
    for (int s : sources) {
      w.add(s, "default".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) s}, 1, null);
    }
    try {
      return TaskBatchFrame.of(w.take());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The source tasks of every tuple written to {@code ch}, in order; the frames are released. */
  private static List<Integer> sources(EmbeddedChannel ch) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
      ByteBuf frame = (ByteBuf) o;
      try {
        byte[] body = new byte[frame.readableBytes() - TaskBatchFrame.BODY_OFFSET];
        frame.getBytes(frame.readerIndex() + TaskBatchFrame.BODY_OFFSET, body);
        TaskBatch b = TaskBatch.parseFrom(body);
        assertEquals(1, b.getDestTask());
        assertEquals(b.getTuplesCount(), b.getCount());
        for (DataTuple t : b.getTuplesList()) {
          out.add(t.getSourceTask());
        }
      } finally {
        frame.release();
      }
    }
    return out;
  }

  @Test
  void writesAtOnceAndFlushesAtTheEndOfTheBurst() throws Exception {
    Outbox box = new Outbox("task 1", 10, dirty);
    box.attach(channel);
    assertTrue(box.offer(batch(1, 2)));
    assertTrue(box.offer(batch(3)));
    assertEquals(List.of(box), dirty, "enlisted once for the flush");
    assertEquals(List.of(), sources(channel), "written but not flushed yet");
    box.flush();
    assertEquals(List.of(1, 2, 3), sources(channel));
    assertEquals(3, box.sent());
    assertEquals(0, box.pendingCount());
    box.flush();
    assertNull(channel.readOutbound());
    // after a flush the next write enlists it again
    dirty.clear();
    box.offer(batch(4));
    assertEquals(List.of(box), dirty);
    box.flush();
    assertEquals(List.of(4), sources(channel));
    assertEquals(4, box.sent());
  }

  @Test
  void writesTheFrameItWasGiven() throws Exception {
    Outbox box = new Outbox("task 1", 10, dirty);
    box.attach(channel);
    TaskBatchFrame b = batch(5);
    box.offer(b);
    box.flush();
    ByteBuf written = channel.readOutbound();
    assertSame(b.frame(), written, "forwarded as it arrived, not re-encoded");
    written.release();
  }

  @Test
  void holdsBatchesUntilConnectedAndDropsBeyondTheBoundInTuples() throws Exception {
    Outbox box = new Outbox("stmgr-2", 3, dirty);
    assertTrue(box.offer(batch(1, 2)));
    assertTrue(box.offer(batch(3)));
    assertEquals(3, box.pendingCount());
    TaskBatchFrame over = batch(4);
    assertFalse(box.offer(over));
    assertEquals(0, over.frame().refCnt(), "a dropped batch is released");
    TaskBatchFrame big = batch(5, 6, 7, 8);
    assertFalse(box.offer(big));
    assertEquals(0, big.frame().refCnt());
    assertEquals(5, box.takeDropped(), "drops are counted in tuples");
    assertEquals(0, box.takeDropped());
    assertEquals(3, box.pendingCount());
    assertTrue(dirty.isEmpty(), "nothing to flush while not connected");

    box.attach(channel);
    assertEquals(List.of(1, 2, 3), sources(channel), "what waited is sent, in order, and flushed");
    assertEquals(0, box.pendingCount());
    assertEquals(3, box.sent());
  }

  @Test
  void anEmptyQueueTakesABatchBiggerThanTheBound() throws Exception {
    Outbox box = new Outbox("task 1", 2, dirty);
    assertTrue(box.offer(batch(1, 2, 3)));
    assertEquals(3, box.pendingCount());
    TaskBatchFrame next = batch(4);
    assertFalse(box.offer(next));
    assertEquals(0, next.frame().refCnt());
    assertEquals(1, box.takeDropped());
    box.attach(channel);
    assertEquals(List.of(1, 2, 3), sources(channel));
  }

  @Test
  void batchesAfterADisconnectWaitForTheNextConnection() throws Exception {
    Outbox box = new Outbox("task 1", 10, dirty);
    box.attach(channel);
    box.offer(batch(1));
    box.offer(batch(2));
    box.flush();
    assertEquals(List.of(1, 2), sources(channel));
    box.detach(channel);
    assertNull(box.channel());
    assertTrue(box.offer(batch(3)));
    assertTrue(box.offer(batch(4, 5)));
    assertEquals(3, box.pendingCount());
    assertEquals(List.of(), sources(channel), "nothing more goes to the old connection");
    EmbeddedChannel next = newChannel();
    box.attach(next);
    assertEquals(List.of(3, 4, 5), sources(next));
    assertEquals(0, box.pendingCount());
    assertEquals(5, box.sent());
  }

  @Test
  void detachOfAnOldChannelIsIgnored() throws Exception {
    Outbox box = new Outbox("task 1", 10, dirty);
    EmbeddedChannel old = newChannel();
    box.attach(old);
    box.attach(channel);
    box.detach(old);
    assertEquals(channel, box.channel());
    box.detach(null);
    assertEquals(channel, box.channel());
    box.offer(batch(1));
    box.flush();
    assertEquals(List.of(1), sources(channel));
    assertEquals(List.of(), sources(old));
  }

  @Test
  void discardReleasesWhatWaited() {
    Outbox box = new Outbox("task 1", 10, dirty);
    TaskBatchFrame a = batch(1, 2);
    TaskBatchFrame b = batch(3);
    box.offer(a);
    box.offer(b);
    box.discard();
    assertEquals(0, a.frame().refCnt());
    assertEquals(0, b.frame().refCnt());
    assertEquals(0, box.pendingCount());
    assertEquals(3, box.takeDropped());
    box.discard();
    assertEquals(0, box.takeDropped(), "nothing left to discard");
  }
}
