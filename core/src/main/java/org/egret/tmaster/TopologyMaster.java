package org.egret.tmaster;

import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.egret.proto.ContainerPlan;
import org.egret.proto.ControlRequest;
import org.egret.proto.ControlResponse;
import org.egret.proto.ExecutionState;
import org.egret.proto.NewPhysicalPlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.RegisterStMgrRequest;
import org.egret.proto.RegisterStMgrResponse;
import org.egret.proto.StMgrHeartbeat;
import org.egret.proto.StMgrLocation;
import org.egret.proto.Status;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology master's state: who registered, the current physical plan, the topology's state.
 * Confined to one event loop thread (the TM runs a single-threaded group), so it takes no locks.
 */
public final class TopologyMaster {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyMaster.class);

    private final StateManager state;
    private final String topologyName;
    private PhysicalPlanBuilder plans;
    private final long stmgrTimeoutMs;
    private final LongSupplier clock;
    private final Map<String, Channel> stmgrChannels = new HashMap<>();
    private final Map<String, Long> lastHeard = new HashMap<>();
    private Topology topology;
    private long version;
    private PhysicalPlan current;

    public TopologyMaster(
            StateManager state,
            String topologyName,
            Topology topology,
            PackingPlan packing,
            long stmgrTimeoutMs,
            LongSupplier clock) {
        this.state = state;
        this.topologyName = topologyName;
        this.topology = topology;
        this.plans = new PhysicalPlanBuilder(packing);
        this.stmgrTimeoutMs = stmgrTimeoutMs;
        this.clock = clock;
        // A restarted TM continues the version sequence: stream managers keep only newer plans.
        this.version = state.get(StateKind.PHYSICAL_PLANS, topologyName, PhysicalPlan.parser())
                .map(PhysicalPlan::getVersion)
                .orElse(0L);
    }

    public void onRegister(Channel ch, RegisterStMgrRequest req) {
        StMgrLocation loc = req.getStmgr();
        Optional<String> problem = plans.validate(loc, req.getTaskIdsList());
        if (problem.isPresent()) {
            LOG.warn("rejecting registration of {}: {}", loc.getId(), problem.get());
            ch.writeAndFlush(RegisterStMgrResponse.newBuilder()
                    .setStatus(status(false, problem.get()))
                    .build());
            return;
        }
        Channel old = stmgrChannels.put(loc.getId(), ch);
        if (old != null && old != ch) {
            // The stream manager restarted or reconnected; its previous connection is stale.
            old.close();
        }
        lastHeard.put(loc.getId(), clock.getAsLong());
        plans.register(loc);
        LOG.info("registered {} at {}:{} (pid {})", loc.getId(), loc.getHost(), loc.getDataPort(), loc.getPid());
        RegisterStMgrResponse.Builder reply = RegisterStMgrResponse.newBuilder().setStatus(status(true, ""));
        if (plans.isComplete()) {
            reply.setPplan(publish(ch));
        } else {
            LOG.info("waiting for stream managers of containers {}", plans.missing());
        }
        ch.writeAndFlush(reply.build());
    }

    public void onHeartbeat(Channel ch, StMgrHeartbeat hb) {
        if (stmgrChannels.get(hb.getStmgrId()) == ch) {
            lastHeard.put(hb.getStmgrId(), clock.getAsLong());
        }
    }

    /** Closes connections of stream managers that stopped heartbeating; their plan entries stay. */
    public void checkTimeouts() {
        long now = clock.getAsLong();
        Iterator<Map.Entry<String, Long>> it = lastHeard.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (now - e.getValue() > stmgrTimeoutMs) {
                it.remove();
                Channel ch = stmgrChannels.remove(e.getKey());
                LOG.warn(
                        "stream manager {} silent for {} ms: considered lost until it registers again",
                        e.getKey(),
                        now - e.getValue());
                if (ch != null) {
                    ch.close();
                }
            }
        }
    }

    public void onDisconnect(Channel ch) {
        stmgrChannels.entrySet().removeIf(e -> {
            if (e.getValue() == ch) {
                LOG.warn("stream manager {} disconnected", e.getKey());
                lastHeard.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /**
     * An update wrote a new packing plan: containers that stay keep their stream managers, new ones
     * must register, and the new physical plan is published once every container has one.
     */
    public void onPacking(PackingPlan next) {
        if (next.equals(plans.packing())) {
            return;
        }
        state.get(StateKind.TOPOLOGIES, topologyName, Topology.parser())
                .ifPresent(t ->
                        topology = t.toBuilder().setState(topology.getState()).build());
        Set<Integer> kept = new HashSet<>();
        next.getContainersList().forEach(c -> kept.add(c.getId()));
        for (ContainerPlan c : plans.packing().getContainersList()) {
            if (!kept.contains(c.getId())) {
                // Its container is being stopped; it gets no more plans and its heartbeats no longer count.
                String id = PhysicalPlanBuilder.stmgrId(c.getId());
                stmgrChannels.remove(id);
                lastHeard.remove(id);
            }
        }
        plans = plans.withPacking(next);
        LOG.info("new packing plan: {} containers", next.getContainersCount());
        if (plans.isComplete()) {
            publish(null);
        } else {
            LOG.info("waiting for stream managers of containers {}", plans.missing());
        }
    }

    public ControlResponse onControl(ControlRequest req) {
        TopologyState wanted =
                req.getCommand() == ControlRequest.Command.ACTIVATE ? TopologyState.RUNNING : TopologyState.PAUSED;
        if (topology.getState() == wanted) {
            String already = wanted == TopologyState.RUNNING ? "already activated" : "already deactivated";
            return ControlResponse.newBuilder()
                    .setStatus(status(false, topologyName + " is " + already))
                    .build();
        }
        topology = topology.toBuilder().setState(wanted).build();
        state.set(StateKind.TOPOLOGIES, topologyName, topology);
        state.update(
                StateKind.EXECUTION_STATE,
                topologyName,
                ExecutionState.parser(),
                es -> es.map(e -> e.toBuilder().setState(wanted).build()));
        LOG.info("topology {} is now {}", topologyName, wanted);
        if (plans.isComplete()) {
            publish(null);
        }
        return ControlResponse.newBuilder()
                .setStatus(status(true, topologyName + " is " + wanted))
                .build();
    }

    /** Stores a new plan version and sends it to every stream manager except {@code skip}. */
    private PhysicalPlan publish(Channel skip) {
        current = plans.build(topology, ++version);
        state.set(StateKind.PHYSICAL_PLANS, topologyName, current);
        LOG.info("published physical plan version {} ({} stream managers)", version, current.getStmgrsCount());
        NewPhysicalPlan msg = NewPhysicalPlan.newBuilder().setPplan(current).build();
        for (Channel ch : stmgrChannels.values()) {
            if (ch != skip && ch.isActive()) {
                ch.writeAndFlush(msg);
            }
        }
        return current;
    }

    public Optional<PhysicalPlan> current() {
        return Optional.ofNullable(current);
    }

    public Topology topology() {
        return topology;
    }

    static Status status(boolean ok, String message) {
        return Status.newBuilder().setOk(ok).setMessage(message).build();
    }
}
