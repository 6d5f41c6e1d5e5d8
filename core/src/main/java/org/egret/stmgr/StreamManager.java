package org.egret.stmgr;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.egret.acking.AckBatchBuilder;
import org.egret.acking.EdgeIds;
import org.egret.acking.XorTracker;
import org.egret.net.Wire;
import org.egret.net.frame.TaskBatchFrame;
import org.egret.proto.AckBatch;
import org.egret.proto.AckKind;
import org.egret.proto.BackPressureNotice;
import org.egret.proto.MetricsBatch;
import org.egret.proto.NewPhysicalPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.RegisterInstanceRequest;
import org.egret.proto.RegisterInstanceResponse;
import org.egret.proto.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream manager's routing state: the newest physical plan, local instances, links to peer
 * stream managers and the tuple senders in between. Every method runs on the single event loop thread,
 * which is what lets the hot path go without locks.
 */
final class StreamManager {
    private static final Logger LOG = LoggerFactory.getLogger(StreamManager.class);

    private final String selfId;
    /** This container's tasks per the newest packing plan seen (an update may change them). */
    private Set<Integer> containerTasks;

    private final StMgrSettings settings;
    private final StMgrCounters counters = new StMgrCounters();
    private final List<TupleSender> dirty = new ArrayList<>();
    private final List<AckSender> dirtyAcks = new ArrayList<>();
    private final Map<Integer, AckSender> taskAcks = new HashMap<>();
    private final Map<String, AckSender> peerAcks = new HashMap<>();
    /** Acking: the XOR of every tuple tree rooted at one of this container's spouts. */
    private final XorTracker tracker;

    private final Map<Integer, TupleSender> taskSenders = new HashMap<>();
    private final Map<String, TupleSender> peerSenders = new HashMap<>();
    private final PeerLinks peerLinks;
    /** Registered instances that have had their reply (and so may receive plans and tuples). */
    private final Map<Integer, Channel> instances = new HashMap<>();
    /** Each admitted instance's task connection, on which its task thread sends and receives batches. */
    private final Map<Integer, Channel> taskConnections = new HashMap<>();

    private final Map<Channel, RegisterInstanceRequest> awaitingPlan = new HashMap<>();
    private final BackPressure backPressure;
    private PhysicalPlan plan;
    private RoutingTable table;
    private final long messageTimeoutMs;
    private long nextRotationMs = Long.MAX_VALUE;
    private long unroutable;

    /** {@code source}: the address connections to peers leave from, this container's own (null: any). */
    StreamManager(
            String selfId,
            Set<Integer> containerTasks,
            StMgrSettings settings,
            EventLoopGroup group,
            InetAddress source,
            Wire peerWire) {
        this.selfId = selfId;
        this.containerTasks = Set.copyOf(containerTasks);
        this.settings = settings;
        this.messageTimeoutMs = settings.messageTimeoutMs();
        this.peerLinks = new PeerLinks(selfId, settings, group, source, peerWire, counters, this::peerSender);
        this.backPressure =
                new BackPressure(peerLinks::announce, settings.peerReadLimitBytes(), settings.lowWatermarkBytes());
        peerLinks.reportTo(backPressure);
        this.tracker = new XorTracker(3, settings.maxTrackedTrees(), new XorTracker.Listener() {
            @Override
            public void completed(long root) {
                toSpout(AckKind.ACK, root);
            }

            @Override
            public void failed(long root) {
                toSpout(AckKind.FAIL, root);
            }
        });
    }

    // ---- physical plan ----

    void onPlan(PhysicalPlan next) {
        if (plan != null && next.getVersion() <= plan.getVersion()) {
            return;
        }
        plan = next;
        nextRotationMs = Math.min(nextRotationMs, System.currentTimeMillis() + messageTimeoutMs);
        backPressure.onPlan(next);
        RoutingTable table = RoutingTable.of(next, selfId);
        this.table = table;
        LOG.info(
                "physical plan version {}: {} local tasks, {} peer stream managers",
                next.getVersion(),
                table.localTasks().size(),
                table.peers().size());
        peerLinks.connect(table);
        NewPhysicalPlan msg = NewPhysicalPlan.newBuilder().setPplan(next).build();
        for (Channel ch : instances.values()) {
            ch.writeAndFlush(msg);
        }
        Iterator<Map.Entry<Channel, RegisterInstanceRequest>> waiting =
                awaitingPlan.entrySet().iterator();
        while (waiting.hasNext()) {
            Map.Entry<Channel, RegisterInstanceRequest> e = waiting.next();
            if (table.isLocal(e.getValue().getTaskId())) {
                waiting.remove();
                admit(e.getKey(), e.getValue());
            }
        }
    }

    PhysicalPlan plan() {
        return plan;
    }

    // ---- local instances ----

    /** Handles an instance's registration; false when it was rejected (and told so). */
    boolean onInstanceRegister(Channel ch, RegisterInstanceRequest req) {
        int task = req.getTaskId();
        if (!containerTasks.contains(task)) {
            // Also what an instance added by an update hears if it beats this manager to the new packing
            // plan: it exits and its executor starts it again, by which time the plan is known here.
            ch.writeAndFlush(RegisterInstanceResponse.newBuilder()
                    .setStatus(Status.newBuilder()
                            .setOk(false)
                            .setMessage("task " + task + " is not in " + selfId + " (tasks " + containerTasks + ")"))
                    .build());
            return false;
        }
        Channel old = instances.remove(task);
        if (old != null && old != ch) {
            // A restarted instance: the old connections are stale.
            old.close();
        }
        closeTaskConnection(task);
        if (plan == null || !table.isLocal(task)) {
            // Before the first plan, or a task an update is adding here: its plan comes with the next version.
            if (plan != null) {
                LOG.info(
                        "task {} is not in plan version {} of {} yet; it waits for the next plan",
                        task,
                        plan.getVersion(),
                        selfId);
            }
            awaitingPlan.put(ch, req);
        } else {
            admit(ch, req);
        }
        return true;
    }

    /**
     * The packing plan changed this container's tasks (an update): new tasks are accepted. The
     * instance of a task that left stays connected, and gets its tuples while the physical plan still
     * places it here: the other tasks route to it until the Topology Master publishes the plan without
     * it, and its executor stops it only then. A task that left with no instance connected has its
     * queued tuples dropped (acking replays them); so has one whose instance disconnects later.
     */
    void onContainerTasks(Set<Integer> tasks) {
        if (tasks.equals(containerTasks)) {
            return;
        }
        LOG.info("{} now holds tasks {} (was {})", selfId, new TreeSet<>(tasks), new TreeSet<>(containerTasks));
        containerTasks = Set.copyOf(tasks);
        for (Integer gone : List.copyOf(taskSenders.keySet())) {
            if (!tasks.contains(gone) && !instances.containsKey(gone)) {
                release(gone);
            }
        }
    }

    /** Drops what waits for a task that left this container and has no instance here any more. */
    private void release(int task) {
        closeTaskConnection(task);
        TupleSender sender = taskSenders.remove(task);
        if (sender != null) {
            sender.discard();
        }
        taskAcks.remove(task);
    }

    Set<Integer> containerTasks() {
        return containerTasks;
    }

    /**
     * An instance's task connection, on which its task thread sends and receives tuple batches and
     * acking events: accepted only beside its admitted main connection, whose registration it follows
     * (so the task never sees tuples before its plan). A spout's emits arrive here, so back pressure
     * pauses this one; the tuples waiting for the task go out on it.
     */
    boolean onTaskConnection(Channel ch, RegisterInstanceRequest req) {
        int task = req.getTaskId();
        Channel main = instances.get(task);
        if (main == null || !main.isActive()) {
            ch.writeAndFlush(RegisterInstanceResponse.newBuilder()
                    .setStatus(Status.newBuilder()
                            .setOk(false)
                            .setMessage("task " + task + " has no admitted instance connection in " + selfId))
                    .build());
            return false;
        }
        closeTaskConnection(task);
        taskConnections.put(task, ch);
        ch.writeAndFlush(RegisterInstanceResponse.newBuilder()
                .setStatus(Status.newBuilder().setOk(true))
                .build());
        ch.config().setWriteBufferWaterMark(settings.waterMark());
        backPressure.onTaskConnected(task, ch);
        taskSender(task).attach(ch);
        return true;
    }

    private void closeTaskConnection(int task) {
        Channel old = taskConnections.remove(task);
        if (old != null) {
            TupleSender sender = taskSenders.get(task);
            if (sender != null) {
                sender.detach(old);
            }
            backPressure.onClosed(old);
            backPressure.onTaskGone(task, old);
            old.close();
        }
    }

    private void admit(Channel ch, RegisterInstanceRequest req) {
        if (!ch.isActive()) {
            return;
        }
        LOG.info("instance {} task {} (pid {}) registered", req.getComponent(), req.getTaskId(), req.getPid());
        ch.writeAndFlush(RegisterInstanceResponse.newBuilder()
                .setStatus(Status.newBuilder().setOk(true))
                .setPplan(plan)
                .build());
        instances.put(req.getTaskId(), ch);
        // Tuples go both ways on the task connection the instance opens once it has its plan
        // (onTaskConnection), which is also what back pressure pauses.
    }

    // ---- back pressure ----

    /** An instance's connection crossed a watermark. */
    void onInstanceWritability(Channel ch, int task) {
        backPressure.onInstanceWritability(ch, ch.isWritable(), task);
    }

    /** A notice from peer {@code stmgrId}, as that peer authenticated. */
    void onBackPressureNotice(String stmgrId, BackPressureNotice n) {
        backPressure.onPeerNotice(stmgrId, n.getStart(), n.getTask(), n.getCause());
    }

    /** A peer introduced itself on {@code ch}, its connection into us. */
    void onPeerHello(Channel ch) {
        backPressure.onPeerInput(ch);
    }

    /** A peer's incoming connection closed: a back pressure it held ends with it. */
    void onPeerDisconnect(String peerId, Channel ch) {
        backPressure.onClosed(ch);
        backPressure.onPeerGone(peerId);
    }

    boolean spoutsPaused() {
        return backPressure.paused();
    }

    /** This interval's metrics, back pressure included. */
    MetricsBatch drainMetrics(long nowMs) {
        backPressure.drainInto(counters);
        counters.takeTrackerTotals(tracker.unknownRootEvents(), tracker.refusedTrees(), tracker.size());
        return counters.drain(selfId, nowMs);
    }

    void onInstanceDisconnect(int task, Channel ch) {
        awaitingPlan.remove(ch);
        backPressure.onClosed(ch);
        backPressure.onTaskGone(task, ch);
        if (task >= 0 && instances.get(task) == ch) {
            instances.remove(task);
            closeTaskConnection(task);
            if (containerTasks.contains(task)) {
                LOG.warn("instance of task {} disconnected", task);
            } else {
                LOG.info("instance of task {}, which left {}, disconnected", task, selfId);
                release(task);
            }
        } else if (task >= 0 && taskConnections.get(task) == ch) {
            closeTaskConnection(task);
        }
    }

    // ---- tuples ----

    /**
     * A batch from a local instance: to the task's sender if it is here, else to the stream manager
     * that hosts it. Batches are routed whole; no tuple is looked at.
     */
    void onInstanceBatch(TaskBatchFrame batch) {
        counters.batchesIn++;
        counters.tuplesFromInstances += batch.count();
        int task = batch.destTask();
        if (table == null) {
            drop(batch);
        } else if (table.isLocal(task)) {
            deliverLocal(batch);
        } else {
            String owner = table.ownerOf(task);
            if (owner == null) {
                unroutable(batch);
            } else if (peerSender(owner).offer(batch)) {
                counters.tuplesToPeers += batch.count();
            } else {
                counters.tuplesDropped += batch.count();
            }
        }
    }

    /**
     * A batch from a peer is for one of our tasks: it is never forwarded again, which could loop
     * between managers with different plans. A peer can have the plan before we do, so batches for
     * this container's tasks are held per task until then.
     */
    void onPeerBatch(TaskBatchFrame batch) {
        counters.batchesIn++;
        counters.tuplesFromPeers += batch.count();
        deliverLocal(batch);
    }

    private void deliverLocal(TaskBatchFrame batch) {
        int task = batch.destTask();
        if (!hosts(task)) {
            unroutable(batch);
        } else {
            TupleSender sender = taskSender(task);
            if (sender.offer(batch)) {
                counters.tuplesToInstances += batch.count();
                Channel ch = sender.channel();
                if (ch != null && !ch.isWritable()) {
                    backPressure.onInstanceBacklog(ch);
                }
            } else {
                counters.tuplesDropped += batch.count();
            }
        }
    }

    private void drop(TaskBatchFrame batch) {
        counters.tuplesDropped += batch.count();
        batch.release();
    }

    private void unroutable(TaskBatchFrame batch) {
        drop(batch);
        if (unroutable++ % 1000 == 0) {
            LOG.warn(
                    "no route to task {} (plan version {}); {} unroutable batches dropped so far",
                    batch.destTask(),
                    plan == null ? 0 : plan.getVersion(),
                    unroutable);
        }
    }

    /** Sends every partial batch: at the end of a read burst and on the flush timer. */
    void flushAll() {
        for (int i = 0; i < dirtyAcks.size(); i++) {
            dirtyAcks.get(i).flush();
        }
        dirtyAcks.clear();
        if (dirty.isEmpty()) {
            return;
        }
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }

    // ---- acking ----

    /** What {@link #onAckBatch} is told of a batch that came from a peer stream manager. */
    static final int FROM_PEER = -1;

    /**
     * Acking events from a local instance (its task id) or from a peer ({@link #FROM_PEER}): those of
     * trees rooted here update the tracker, the rest go to the stream manager of the root's spout (never
     * further than one hop). A tree starts only at its own spout's connection: an INIT from a peer or
     * from another task is dropped.
     */
    void onAckBatch(AckBatch batch, int fromTask) {
        boolean fromPeer = fromTask == FROM_PEER;
        int n = AckBatchBuilder.events(batch);
        if (n < 0) {
            counters.ackEventsDropped += batch.getRootsCount();
            LOG.warn(
                    "dropping a malformed acking batch ({} kinds, {} roots, {} values)",
                    batch.getKinds().size(),
                    batch.getRootsCount(),
                    batch.getValuesCount());
            return;
        }
        counters.ackEventsIn += n;
        for (int i = 0; i < n; i++) {
            AckKind kind = AckBatchBuilder.kind(batch, i);
            long root = batch.getRoots(i);
            int spoutTask = EdgeIds.spoutTaskOf(root);
            if (kind == null) {
                counters.ackEventsDropped++;
            } else if (containerTasks.contains(spoutTask)) {
                switch (kind) {
                    case INIT -> {
                        // a tree starts at its spout's own connection; no peer and no other task may start one
                        if (fromTask != spoutTask) {
                            counters.ackEventsDropped++;
                        } else {
                            tracker.init(root, batch.getValues(i));
                        }
                    }
                    case ACK -> tracker.ack(root, batch.getValues(i));
                    case FAIL -> tracker.fail(root);
                    case RESET -> {
                        if (tracker.reset(root)) {
                            toSpout(AckKind.RESET, root);
                        }
                    }
                    default -> counters.ackEventsDropped++;
                }
            } else {
                String owner = fromPeer || table == null ? null : table.ownerOf(spoutTask);
                if (owner == null) {
                    counters.ackEventsDropped++;
                } else {
                    peerAcks.computeIfAbsent(
                                    owner, id -> new AckSender(peerSender(id), settings.batchTuples(), dirtyAcks))
                            .add(kind, root, batch.getValues(i));
                }
            }
        }
    }

    private void toSpout(AckKind kind, long root) {
        int task = EdgeIds.spoutTaskOf(root);
        if (!hosts(task)) {
            counters.ackEventsDropped++; // the spout task left this container in an update
            return;
        }
        taskAcks.computeIfAbsent(task, t -> new AckSender(taskSender(t), settings.batchTuples(), dirtyAcks))
                .add(kind, root, 0);
    }

    /**
     * Called every second: rotates the tracker once per message timeout, so a tree untouched for two to
     * three timeouts is forgotten (its spout has timed it out and failed it by then; this only frees
     * the memory).
     */
    void maybeRotateAckTracker(long nowMs) {
        if (nowMs < nextRotationMs) {
            return;
        }
        nextRotationMs = nowMs + messageTimeoutMs;
        int forgotten = tracker.rotate();
        if (forgotten > 0) {
            LOG.info("forgot {} tuple trees that did not complete in time", forgotten);
        }
    }

    int trackedTrees() {
        return tracker.size();
    }

    /** The task is in this container, or left it in an update and its instance is still connected. */
    private boolean hosts(int task) {
        return containerTasks.contains(task) || instances.containsKey(task);
    }

    private TupleSender taskSender(int task) {
        if (!hosts(task)) {
            throw new IllegalArgumentException("task " + task + " is not local to " + selfId);
        }
        return taskSenders.computeIfAbsent(task, t -> new TupleSender("task " + t, settings.pendingTuples(), dirty));
    }

    private TupleSender peerSender(String stmgrId) {
        return peerSenders.computeIfAbsent(stmgrId, id -> new TupleSender(id, settings.pendingTuples(), dirty));
    }

    /** Logs destinations that dropped tuples since the last call (a WARN per destination, not per tuple). */
    void reportDrops() {
        for (TupleSender o : taskSenders.values()) {
            warnDrops(o);
        }
        for (TupleSender o : peerSenders.values()) {
            warnDrops(o);
        }
        taskAcks.forEach((t, a) -> warnAckDrops("acks to task " + t, a));
        peerAcks.forEach((p, a) -> warnAckDrops("acks to " + p, a));
    }

    private static void warnAckDrops(String name, AckSender a) {
        long d = a.takeDropped();
        if (d > 0) {
            LOG.warn("{}: dropped {} acking events (not connected); their trees will time out and replay", name, d);
        }
    }

    private static void warnDrops(TupleSender o) {
        long d = o.takeDropped();
        if (d > 0) {
            LOG.warn("{}: dropped {} tuples (not connected and {} already waiting)", o.name(), d, o.pendingCount());
        }
    }

    StMgrCounters counters() {
        return counters;
    }

    String selfId() {
        return selfId;
    }

    void close() {
        peerLinks.close();
        instances.values().forEach(Channel::close);
        taskConnections.values().forEach(Channel::close);
        taskSenders.values().forEach(TupleSender::discard);
        peerSenders.values().forEach(TupleSender::discard);
    }
}
