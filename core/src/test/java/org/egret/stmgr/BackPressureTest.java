package org.egret.stmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackPressureTest {
  private static final int LOW = 1 << 10;
  private static final int HIGH = 4 << 10;
  private static final int PEER_READ_LIMIT = 16 << 10;

  private final List<String> notices = new ArrayList<>();
  private final BackPressure bp = new BackPressure((start, cause) -> notices.add((start ? "start " : "stop ") + cause),
      PEER_READ_LIMIT, LOW);
  private final List<EmbeddedChannel> channels = new ArrayList<>();

  @AfterEach
  void close() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  private EmbeddedChannel channel() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(LOW, HIGH));
    channels.add(ch);
    return ch;
  }

  /** Writes {@code bytes} to {@code ch} without flushing: they wait, as for a task that does not read. */
  private static void backlog(EmbeddedChannel ch, int bytes) {
    ch.write(Unpooled.wrappedBuffer(new byte[bytes]));
  }

  @Test
  void aSlowInstancePausesSpoutsAndTellsPeersButPeersAreStillReadBelowTheLimit() {
    EmbeddedChannel spout = channel();
    EmbeddedChannel peerIn = channel();
    EmbeddedChannel slowBolt = channel();
    bp.onSpoutConnected(1, spout);
    bp.onPeerInput(peerIn);

    backlog(slowBolt, HIGH + 1);
    bp.onWritability(slowBolt, slowBolt.isWritable(), "slow task 2");
    bp.onInstanceBacklog(slowBolt);
    assertFalse(spout.config().isAutoRead(), "the local spout is paused");
    assertTrue(peerIn.config().isAutoRead(), "under the limit, the notice is what pauses the peers' spouts");
    assertEquals(List.of("start slow task 2"), notices);

    slowBolt.flush();
    bp.onWritability(slowBolt, slowBolt.isWritable(), "slow task 2");
    assertTrue(spout.config().isAutoRead());
    assertEquals(List.of("start slow task 2", "stop slow task 2"), notices);
  }

  @Test
  void pastThePeerReadLimitThePeersAreNotReadUntilTheInstanceIsWritableAgain() {
    EmbeddedChannel peerIn = channel();
    EmbeddedChannel slowBolt = channel();
    bp.onPeerInput(peerIn);
    backlog(slowBolt, HIGH + 1);
    bp.onWritability(slowBolt, false, "slow task 2");
    backlog(slowBolt, PEER_READ_LIMIT);
    bp.onInstanceBacklog(slowBolt);
    assertFalse(peerIn.config().isAutoRead(), "TCP holds the peers back: no notice has to arrive in time");
    EmbeddedChannel lateIn = channel();
    bp.onPeerInput(lateIn);
    assertFalse(lateIn.config().isAutoRead(), "a peer that connects meanwhile is not read either");

    slowBolt.flush();
    bp.onWritability(slowBolt, slowBolt.isWritable(), "slow task 2");
    assertTrue(peerIn.config().isAutoRead());
    assertTrue(lateIn.config().isAutoRead());
  }

  @Test
  void aClosedInstanceReleasesThePeers() {
    EmbeddedChannel peerIn = channel();
    EmbeddedChannel slowBolt = channel();
    bp.onPeerInput(peerIn);
    backlog(slowBolt, HIGH + PEER_READ_LIMIT);
    bp.onWritability(slowBolt, false, "slow task 2");
    bp.onInstanceBacklog(slowBolt);
    assertFalse(peerIn.config().isAutoRead());

    bp.onClosed(slowBolt);
    assertTrue(peerIn.config().isAutoRead());
    assertFalse(bp.paused());
  }

  @Test
  void aPeerNoticePausesSpoutsWithoutStoppingReads() {
    EmbeddedChannel spout = channel();
    EmbeddedChannel peerIn = channel();
    bp.onSpoutConnected(1, spout);
    bp.onPeerInput(peerIn);

    bp.onPeerNotice("stmgr-2", true, "slow task 2");
    assertFalse(spout.config().isAutoRead());
    assertTrue(peerIn.config().isAutoRead());
    bp.onPeerGone("stmgr-2");
    assertTrue(spout.config().isAutoRead());
  }
}
