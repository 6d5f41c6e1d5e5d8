package org.egret.stmgr;

import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.egret.proto.PhysicalPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heron's spout back pressure (docs/design.md, section 4), per path, one stream manager's part. A
 * connection of ours over its high watermark (Netty: not writable) is a slow reader:
 * <ul>
 *   <li>one of our instances: we tell every peer which task is slow, and every manager (us included)
 *       pauses those of its spouts whose tuples can reach that task ({@link SpoutReach});
 *   <li>our link to a peer: we pause those of our spouts whose tuples can reach a task the peer
 *       hosts. Other managers have links of their own to that peer and watch them themselves.
 * </ul>
 * Each cause is released on its own: a spout resumes once nothing it feeds is slow. A peer is heard
 * only about the tasks the plan places on it. Pausing is
 * {@code autoRead(false)} on the spout's task connection, so its task thread waits in its write:
 * nothing is dropped. Event-loop only.
 *
 * <p>A peer's spouts pause only once our notice has reached it, and on a busy host that can take
 * long enough for a fast spout to fill this manager's memory. So when a connection to one of our
 * own instances holds more than the peer read limit, we also stop reading the peers' connections
 * into us until it is back under its low mark: TCP then stops their stream managers within a socket
 * buffer, and their own watermarks pause their spouts without waiting for the notice. No task waits
 * on a peer's connection to drain its input, so this cannot deadlock; it delays every tuple, ack and
 * notice on those connections, other paths' included, which is why the limit sits well above the
 * high mark. What we read from peers goes to our instances, never on to another peer, so only a
 * connection to an instance counts.
 */
final class BackPressure {
    private static final Logger LOG = LoggerFactory.getLogger(BackPressure.class);

    /** What a slow reader of ours is, and what it is called in logs and metrics. */
    private record SlowReader(int task, String peer, String label) {}

    /** Tells every peer that a task of ours is slow ({@code start}) or caught up. */
    interface Notices {
        void send(boolean start, int task, String cause);
    }

    private final Notices notices;
    /** Connections of ours over the high watermark. */
    private final Map<Channel, SlowReader> blocked = new LinkedHashMap<>();
    /** How many of our connections to each slow local task are over the mark (main and task connection). */
    private final Map<Integer, Integer> slowLocalTasks = new HashMap<>();
    /** Peers' slow tasks: peer -> task -> the cause it gave. */
    private final Map<String, Map<Integer, String>> remote = new TreeMap<>();
    /** Connections to our own instances over the peer read limit: while there is one, peers are not read. */
    private final Set<Channel> overLimit = new HashSet<>();
    /** The peers' connections into us. */
    private final Set<Channel> peerInputs = new HashSet<>();
    /** The peer read limit, as Netty counts it: bytes still to drain before the connection is writable. */
    private final long drainBeforeUnread;

    private final long peerReadLimitBytes;
    private boolean peersUnread;
    private SpoutReach reach = SpoutReach.NONE;
    private final Map<Integer, Channel> spouts = new LinkedHashMap<>();
    private final Set<Integer> pausedSpouts = new HashSet<>();

    /** Flapping at a socket buffer's edge turns back pressure on and off many times a second: one line a second. */
    private long lastLogMs;

    private int unloggedEpisodes;
    private long lastPeerLogMs;
    private long lastLimitLogMs;
    private long lastRefusedLogMs;

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
    BackPressure(Notices notices, long peerReadLimitBytes, long lowMarkBytes) {
        this.notices = notices;
        this.peerReadLimitBytes = peerReadLimitBytes;
        this.drainBeforeUnread = Math.max(0, peerReadLimitBytes - lowMarkBytes);
    }

    /** A new physical plan: which tasks are spouts, and what each can reach. */
    void onPlan(PhysicalPlan plan) {
        reach = SpoutReach.of(plan);
        apply(System.currentTimeMillis());
    }

    /** Our connection to instance {@code task} crossed a watermark ({@code writable == false}: over the high one). */
    void onInstanceWritability(Channel ch, boolean writable, int task) {
        onWritability(ch, writable, new SlowReader(task, null, reach.componentOf(task) + " task " + task));
    }

    /** Our link to peer {@code stmgrId} crossed a watermark. */
    void onLinkWritability(Channel ch, boolean writable, String stmgrId) {
        onWritability(ch, writable, new SlowReader(-1, stmgrId, stmgrId));
    }

    private void onWritability(Channel ch, boolean writable, SlowReader reader) {
        long now = System.currentTimeMillis();
        if (!writable && !blocked.containsKey(ch)) {
            if (blocked.isEmpty()) {
                localSince = now;
                episodeStart = now;
                initiated++;
                if (now - lastLogMs >= 1000) {
                    LOG.warn(
                            "back pressure on: {} is not keeping up; pausing the spouts that feed it{}",
                            reader.label(),
                            unloggedEpisodes == 0
                                    ? ""
                                    : " (" + unloggedEpisodes + " short episodes since the last line)");
                    lastLogMs = now;
                    unloggedEpisodes = 0;
                } else {
                    unloggedEpisodes++;
                }
            }
            blocked.put(ch, reader);
            if (reader.peer() == null && slowLocalTasks.merge(reader.task(), 1, Integer::sum) == 1) {
                notices.send(true, reader.task(), reader.label());
            }
        } else if (writable && blocked.containsKey(ch)) {
            account(now);
            blocked.remove(ch);
            overLimit.remove(ch);
            if (reader.peer() == null && slowLocalTasks.merge(reader.task(), -1, Integer::sum) == 0) {
                slowLocalTasks.remove(reader.task());
                notices.send(false, reader.task(), reader.label());
            }
            if (blocked.isEmpty() && now - episodeStart >= 1000) {
                LOG.info("back pressure off: {} caught up after {} ms", reader.label(), now - episodeStart);
            }
        }
        apply(now);
    }

    /** A connection closed: it can hold back pressure no more. */
    void onClosed(Channel ch) {
        SlowReader reader = blocked.get(ch);
        if (reader != null) {
            onWritability(ch, true, reader);
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
                LOG.warn(
                        "{} has over {} bytes waiting: not reading the other stream managers until it catches up",
                        blocked.get(ch).label(),
                        peerReadLimitBytes);
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

    /**
     * Peer {@code stmgrId} (as it authenticated) says its task {@code task} is slow, or caught up. A peer
     * speaks only for the tasks the plan places on it: one that names another's would pause spouts it
     * does not feed.
     */
    void onPeerNotice(String stmgrId, boolean start, int task, String cause) {
        long now = System.currentTimeMillis();
        if (start && !reach.hosts(stmgrId, task)) {
            if (now - lastRefusedLogMs >= 60_000) {
                LOG.warn(
                        "{} says task {} is slow, but the plan does not place that task on it; ignored", stmgrId, task);
                lastRefusedLogMs = now;
            }
            return;
        }
        if (start) {
            if (remote.computeIfAbsent(stmgrId, k -> new TreeMap<>()).put(task, cause) == null
                    && now - lastPeerLogMs >= 1000) {
                LOG.info("{} started back pressure ({}); pausing the local spouts that feed it", stmgrId, cause);
                lastPeerLogMs = now;
            }
        } else {
            Map<Integer, String> tasks = remote.get(stmgrId);
            if (tasks != null) {
                tasks.remove(task);
                if (tasks.isEmpty()) {
                    remote.remove(stmgrId);
                }
            }
        }
        apply(now);
    }

    /** A peer left or restarted: its back pressure, if any, ended with it. */
    void onPeerGone(String stmgrId) {
        if (remote.remove(stmgrId) != null) {
            apply(System.currentTimeMillis());
        }
    }

    /** {@code ch} is a local task's task connection: a spout's carries its emits, which a pause stops reading. */
    void onTaskConnected(int task, Channel ch) {
        if (reach.isSpout(task)) {
            spouts.put(task, ch);
            apply(System.currentTimeMillis());
            // apply changes a channel only when its spout's state changes: a new one starts right
            ch.config().setAutoRead(!pausedSpouts.contains(task));
        }
    }

    void onTaskGone(int task, Channel ch) {
        spouts.remove(task, ch);
    }

    /** Tells a peer that connects (again) which of our tasks are slow now. */
    void tellLatePeer(Notices peer) {
        for (SlowReader r : blocked.values()) {
            if (r.peer() == null) {
                peer.send(true, r.task(), r.label());
            }
        }
    }

    private void apply(long now) {
        boolean unread = !overLimit.isEmpty();
        if (unread != peersUnread) {
            peersUnread = unread;
            for (Channel ch : peerInputs) {
                ch.config().setAutoRead(!unread);
            }
        }
        boolean anyBefore = !pausedSpouts.isEmpty();
        for (Map.Entry<Integer, Channel> e : spouts.entrySet()) {
            int spout = e.getKey();
            boolean pause = feedsSomethingSlow(spout);
            if (pause ? pausedSpouts.add(spout) : pausedSpouts.remove(spout)) {
                e.getValue().config().setAutoRead(!pause);
            }
        }
        pausedSpouts.retainAll(spouts.keySet());
        boolean anyNow = !pausedSpouts.isEmpty();
        if (anyNow && !anyBefore) {
            pausedSince = now;
        } else if (!anyNow && anyBefore) {
            pausedMs += now - pausedSince;
        }
    }

    private boolean feedsSomethingSlow(int spout) {
        for (SlowReader r : blocked.values()) {
            if (r.peer() == null ? reach.reaches(spout, r.task()) : reach.reachesStmgr(spout, r.peer())) {
                return true;
            }
        }
        for (Map<Integer, String> tasks : remote.values()) {
            for (int task : tasks.keySet()) {
                if (reach.reaches(spout, task)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void account(long now) {
        if (!blocked.isEmpty()) {
            long ms = now - localSince;
            localMs += ms;
            for (SlowReader r : blocked.values()) {
                byCause.merge(r.label(), ms, Long::sum);
            }
            localSince = now;
        }
    }

    /** Adds this interval's numbers to the metrics and starts a new interval. */
    void drainInto(StMgrCounters counters) {
        long now = System.currentTimeMillis();
        account(now);
        if (!pausedSpouts.isEmpty()) {
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

    /** Whether any local spout is paused now. */
    boolean paused() {
        return !pausedSpouts.isEmpty();
    }

    /** Whether local spout task {@code task} is paused now. */
    boolean paused(int task) {
        return pausedSpouts.contains(task);
    }
}
