package org.egret.stmgr;

import io.netty.channel.Channel;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heron's spout back pressure (docs/design.md, section 4), one stream manager's part. A connection of
 * ours over its high watermark (Netty: not writable) puts this manager in back pressure: it stops
 * reading from its own spouts and tells every peer to stop reading from theirs; when every such
 * connection is back under its low watermark it releases. Spouts are paused while this manager
 * or any peer holds back pressure. Pausing is {@code autoRead(false)} on the spouts' task
 * connections, so a paused spout's task thread waits in its write: nothing is dropped. Event-loop only.
 */
final class BackPressure {
  private static final Logger LOG = LoggerFactory.getLogger(BackPressure.class);

  /** Notifies peers: (start?, cause). */
  private final BiConsumer<Boolean, String> notifyPeers;
  /** Connections of ours over the high watermark -> what they lead to ("task 5 (count)", "stmgr-2"). */
  private final Map<Channel, String> blocked = new LinkedHashMap<>();
  /** Peers holding back pressure -> the cause they gave. */
  private final Map<String, String> remote = new TreeMap<>();
  private final Map<Integer, Channel> spouts = new LinkedHashMap<>();
  private boolean paused;
  private long localSince;
  private long pausedSince;
  private long localMs;
  private long pausedMs;
  private final Map<String, Long> byCause = new TreeMap<>();
  private long initiated;

  BackPressure(BiConsumer<Boolean, String> notifyPeers) {
    this.notifyPeers = notifyPeers;
  }

  /** A connection's writability changed: {@code writable == false} means over the high watermark. */
  void onWritability(Channel ch, boolean writable, String leadsTo) {
    long now = System.currentTimeMillis();
    if (!writable && !blocked.containsKey(ch)) {
      boolean first = blocked.isEmpty();
      blocked.put(ch, leadsTo);
      if (first) {
        localSince = now;
        initiated++;
        LOG.warn("back pressure on: {} is not keeping up; pausing spouts everywhere", leadsTo);
        notifyPeers.accept(true, leadsTo);
      }
    } else if (writable && blocked.containsKey(ch)) {
      account(now);
      blocked.remove(ch);
      if (blocked.isEmpty()) {
        LOG.info("back pressure off: {} caught up after {} ms", leadsTo, now - localSince);
        notifyPeers.accept(false, leadsTo);
      }
    }
    apply(now);
  }

  /** A connection closed: it can hold back pressure no more. */
  void onClosed(Channel ch) {
    if (blocked.containsKey(ch)) {
      onWritability(ch, true, blocked.get(ch));
    }
  }

  void onPeerNotice(String stmgrId, boolean start, String cause) {
    long now = System.currentTimeMillis();
    if (start) {
      if (remote.put(stmgrId, cause) == null) {
        LOG.info("{} started back pressure ({}); pausing local spouts", stmgrId, cause);
      }
    } else if (remote.remove(stmgrId) != null) {
      LOG.info("{} released back pressure", stmgrId);
    }
    apply(now);
  }

  /** A peer left or restarted: its back pressure, if any, ended with it. */
  void onPeerGone(String stmgrId) {
    if (remote.remove(stmgrId) != null) {
      apply(System.currentTimeMillis());
    }
  }

  /** {@code ch} carries the spout's emits (its task connection). */
  void onSpoutConnected(int task, Channel ch) {
    spouts.put(task, ch);
    ch.config().setAutoRead(!paused);
  }

  void onSpoutGone(int task, Channel ch) {
    spouts.remove(task, ch);
  }

  /** Whether this manager itself holds back pressure (a peer that connects late must be told). */
  boolean holdsLocal() {
    return !blocked.isEmpty();
  }

  String localCause() {
    return blocked.isEmpty() ? "" : blocked.values().iterator().next();
  }

  private void apply(long now) {
    boolean shouldPause = !blocked.isEmpty() || !remote.isEmpty();
    if (shouldPause == paused) {
      return;
    }
    if (shouldPause) {
      pausedSince = now;
    } else {
      pausedMs += now - pausedSince;
    }
    paused = shouldPause;
    Collection<Channel> chs = spouts.values();
    for (Channel ch : chs) {
      ch.config().setAutoRead(!paused);
    }
  }

  private void account(long now) {
    if (!blocked.isEmpty()) {
      long ms = now - localSince;
      localMs += ms;
      for (String cause : blocked.values()) {
        byCause.merge(cause, ms, Long::sum);
      }
      localSince = now;
    }
  }

  /** Adds this interval's numbers to the metrics and starts a new interval. */
  void drainInto(StMgrCounters counters) {
    long now = System.currentTimeMillis();
    account(now);
    if (paused) {
      pausedMs += now - pausedSince;
      pausedSince = now;
    }
    counters.backpressureMs = localMs;
    counters.spoutsPausedMs = pausedMs;
    counters.backpressureInitiated = initiated;
    counters.backpressureByCause = new TreeMap<>(byCause);
    localMs = pausedMs = initiated = 0;
    byCause.clear();
  }

  boolean paused() {
    return paused;
  }
}
