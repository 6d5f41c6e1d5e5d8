package org.egret.stmgr;

import io.netty.channel.Channel;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.egret.proto.ComponentKind;
import org.egret.proto.InstanceLocation;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.PlanComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heron's spout back pressure (docs/design.md, section 4), one stream manager's part. A connection of
 * ours over its high watermark (Netty: not writable) puts this manager in back pressure: it stops
 * reading from its own spouts and tells every peer to stop reading from theirs; when every such
 * connection is back under its low watermark it releases. Spouts are paused while this manager
 * or any peer holds back pressure. Pausing is {@code autoRead(false)} on the spouts' task
 * connections, so a paused spout's task thread waits in its write: nothing is dropped. Event-loop only.
 *
 * <p>A peer's spouts pause only once our notice has reached it, and on a busy host that can take
 * long enough for a fast spout to fill this manager's memory. So when a connection to one of our
 * own instances holds more than the peer read limit, we also stop reading the peers' connections
 * into us until it is back under its low mark: TCP then stops their stream managers within a socket
 * buffer, and their own watermarks pause their spouts without waiting for the notice. No task waits
 * on a peer's connection to drain its input, so this cannot deadlock; it delays the acks and notices
 * that share those connections. What we read from peers goes to our instances, never on to another
 * peer, so only a connection to an instance counts.
 */
final class BackPressure {
  private static final Logger LOG = LoggerFactory.getLogger(BackPressure.class);

  /** Notifies peers: (start?, cause). */
  private final BiConsumer<Boolean, String> notifyPeers;
  /** Connections of ours over the high watermark -> what they lead to ("task 5 (count)", "stmgr-2"). */
  private final Map<Channel, String> blocked = new LinkedHashMap<>();
  /** Connections to our own instances over the peer read limit: while there is one, peers are not read. */
  private final Set<Channel> overLimit = new HashSet<>();
  /** The peers' connections into us. */
  private final Set<Channel> peerInputs = new HashSet<>();
  /** The peer read limit, as Netty counts it: bytes still to drain before the connection is writable. */
  private final long drainBeforeUnread;
  private final long peerReadLimitBytes;
  private long lastLimitLogMs;
  private boolean peersUnread;
  /** Flapping at a socket buffer's edge turns back pressure on and off many times a second: one line a second. */
  private long lastLogMs;
  private int unloggedEpisodes;
  private long lastPeerLogMs;
  /** Peers holding back pressure -> the cause they gave. */
  private final Map<String, String> remote = new TreeMap<>();
  private final Map<Integer, Channel> spouts = new LinkedHashMap<>();
  private Set<Integer> spoutTasks = Set.of();
  private boolean paused;
  private long localSince;
  /** When this manager's current episode of back pressure began ({@link #localSince} moves with the metrics). */
  private long episodeStart;
  private long pausedSince;
  private long localMs;
  private long pausedMs;
  private final Map<String, Long> byCause = new TreeMap<>();
  private long initiated;

  /**
   * {@code peerReadLimitBytes}: what a connection to an instance may hold before peers are not read;
   * {@code lowMarkBytes}: the connections' low watermark.
   */
  BackPressure(BiConsumer<Boolean, String> notifyPeers, long peerReadLimitBytes, long lowMarkBytes) {
    this.notifyPeers = notifyPeers;
    this.peerReadLimitBytes = peerReadLimitBytes;
    this.drainBeforeUnread = Math.max(0, peerReadLimitBytes - lowMarkBytes);
  }

  /** A connection's writability changed: {@code writable == false} means over the high watermark. */
  void onWritability(Channel ch, boolean writable, String leadsTo) {
    long now = System.currentTimeMillis();
    if (!writable && !blocked.containsKey(ch)) {
      boolean first = blocked.isEmpty();
      blocked.put(ch, leadsTo);
      if (first) {
        localSince = now;
        episodeStart = now;
        initiated++;
        if (now - lastLogMs >= 1000) {
          LOG.warn("back pressure on: {} is not keeping up; pausing spouts everywhere{}", leadsTo,
              unloggedEpisodes == 0 ? "" : " (" + unloggedEpisodes + " short episodes since the last line)");
          lastLogMs = now;
          unloggedEpisodes = 0;
        } else {
          unloggedEpisodes++;
        }
        notifyPeers.accept(true, leadsTo);
      }
    } else if (writable && blocked.containsKey(ch)) {
      account(now);
      blocked.remove(ch);
      overLimit.remove(ch);
      if (blocked.isEmpty()) {
        if (now - episodeStart >= 1000) {
          LOG.info("back pressure off: {} caught up after {} ms", leadsTo, now - episodeStart);
        }
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
    if (peerInputs.remove(ch)) {
      ch.config().setAutoRead(true);
    }
  }

  /**
   * Tuples were just written to {@code ch}, a connection to one of our instances that is over its high
   * mark: past the peer read limit, the peers are not read until it is writable again.
   */
  void onInstanceBacklog(Channel ch) {
    if (!overLimit.contains(ch) && blocked.containsKey(ch) && ch.bytesBeforeWritable() > drainBeforeUnread) {
      overLimit.add(ch);
      long now = System.currentTimeMillis();
      if (now - lastLimitLogMs >= 1000) {
        LOG.warn("{} has over {} bytes waiting: not reading the other stream managers until it catches up",
            blocked.get(ch), peerReadLimitBytes);
        lastLimitLogMs = now;
      }
      apply(now);
    }
  }

  /** {@code ch} is a peer's connection into us (it said hello). */
  void onPeerInput(Channel ch) {
    peerInputs.add(ch);
    ch.config().setAutoRead(!peersUnread);
  }

  void onPeerNotice(String stmgrId, boolean start, String cause) {
    long now = System.currentTimeMillis();
    if (start) {
      if (remote.put(stmgrId, cause) == null && now - lastPeerLogMs >= 1000) {
        LOG.info("{} started back pressure ({}); pausing local spouts", stmgrId, cause);
        lastPeerLogMs = now;
      }
    } else {
      remote.remove(stmgrId);
    }
    apply(now);
  }

  /** A peer left or restarted: its back pressure, if any, ended with it. */
  void onPeerGone(String stmgrId) {
    if (remote.remove(stmgrId) != null) {
      apply(System.currentTimeMillis());
    }
  }

  /** A new physical plan: which tasks are spouts. */
  void onPlan(PhysicalPlan plan) {
    Set<String> spoutComponents = plan.getTopology().getComponentsList().stream()
        .filter(c -> c.getKind() == ComponentKind.SPOUT).map(PlanComponent::getName).collect(Collectors.toSet());
    spoutTasks = plan.getInstancesList().stream().filter(i -> spoutComponents.contains(i.getComponent()))
        .map(InstanceLocation::getTaskId).collect(Collectors.toSet());
  }

  /** {@code ch} is a local task's task connection: a spout's carries its emits, which a pause stops reading. */
  void onTaskConnected(int task, Channel ch) {
    if (spoutTasks.contains(task)) {
      onSpoutConnected(task, ch);
    }
  }

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
    boolean unread = !overLimit.isEmpty();
    if (unread != peersUnread) {
      peersUnread = unread;
      for (Channel ch : peerInputs) {
        ch.config().setAutoRead(!unread);
      }
    }
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
