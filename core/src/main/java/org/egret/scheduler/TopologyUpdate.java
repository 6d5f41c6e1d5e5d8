package org.egret.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstanceLocation;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.StMgrLocation;
import org.egret.proto.Topology;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a running topology to a new packing plan as one transaction, run by its scheduler (the CLI
 * holds the topology's lock meanwhile):
 * <ol>
 *   <li>the scheduler starts the containers the plan adds (their executors wait for the plan);</li>
 *   <li>the new topology and packing plan are written; the Topology Master, the stream managers and
 *       the executors follow them through state-manager watches;</li>
 *   <li>once the TM has published a physical plan that matches the new packing plan, the containers
 *       the plan removes are stopped.</li>
 * </ol>
 * A failure in step 1 leaves nothing changed; a failure in step 2 (e.g. the new containers never
 * register) writes the previous plan back and stops the added containers.
 */
public final class TopologyUpdate {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyUpdate.class);
    private static final long POLL_MS = 100;

    private final StateManager state;
    private final String topology;
    private final Scheduler scheduler;
    private final Duration timeout;

    public TopologyUpdate(StateManager state, String topology, Scheduler scheduler, Duration timeout) {
        this.state = state;
        this.topology = topology;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    public void apply(Topology nextTopology, PackingPlan next) throws SchedulerException {
        apply(nextTopology, next, 0);
    }

    /** {@code timeoutMs}: what the requester allows (the CLI sends its configured value); 0 = this scheduler's. */
    public synchronized void apply(Topology nextTopology, PackingPlan next, long timeoutMs) throws SchedulerException {
        Duration timeout = timeoutMs > 0 ? Duration.ofMillis(timeoutMs) : this.timeout;
        Topology oldTopology = state.get(StateKind.TOPOLOGIES, topology, Topology.parser())
                .orElseThrow(() -> new SchedulerException("no topology '" + topology + "' in the state manager"));
        PackingPlan old = state.get(StateKind.PACKING_PLANS, topology, PackingPlan.parser())
                .orElseThrow(
                        () -> new SchedulerException("no packing plan for '" + topology + "' in the state manager"));
        if (!nextTopology.getId().equals(oldTopology.getId())
                || !next.getTopologyId().equals(old.getTopologyId())) {
            throw new SchedulerException(
                    "the new plan is for topology id " + next.getTopologyId() + ", not " + old.getTopologyId());
        }
        Map<Integer, ContainerPlan> before = byId(old);
        Map<Integer, ContainerPlan> after = byId(next);
        for (Map.Entry<Integer, ContainerPlan> e : after.entrySet()) {
            ContainerPlan was = before.get(e.getKey());
            if (was != null && !was.getRequired().equals(e.getValue().getRequired())) {
                // A running container keeps what the cluster granted it; repacking never resizes one.
                throw new SchedulerException("container " + e.getKey() + " would change its reservation from "
                        + was.getRequired().toString().replace('\n', ' ') + " to "
                        + e.getValue().getRequired().toString().replace('\n', ' '));
            }
        }
        List<ContainerPlan> added = new ArrayList<>();
        after.forEach((id, c) -> {
            if (!before.containsKey(id)) {
                added.add(c);
            }
        });
        List<Integer> removed = new ArrayList<>();
        before.keySet().forEach(id -> {
            if (!after.containsKey(id)) {
                removed.add(id);
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        LOG.info(
                "updating '{}': adding containers {}, removing containers {}",
                topology,
                added.stream().map(ContainerPlan::getId).toList(),
                removed);

        scheduler.addContainers(next, added, timeout);
        try {
            write(nextTopology, next);
            awaitPhysicalPlan(next, deadline, timeout);
        } catch (SchedulerException | RuntimeException e) {
            LOG.error("update of '{}' failed: {}; rolling back", topology, e.getMessage());
            rollBack(oldTopology, old, added, timeout);
            throw new SchedulerException(e.getMessage() + "; rolled back: the topology runs on its previous plan", e);
        }
        if (!removed.isEmpty()) {
            try {
                scheduler.removeContainers(removed);
            } catch (SchedulerException e) {
                throw new SchedulerException(
                        "the topology runs on the new plan, but containers " + removed + " could not be stopped: "
                                + e.getMessage(),
                        e);
            }
        }
        LOG.info("'{}' now runs on the new plan ({} containers)", topology, next.getContainersCount());
    }

    /** Writes the topology (keeping its current state: activate/deactivate may have changed it) before the plan. */
    private void write(Topology nextTopology, PackingPlan next) {
        Topology now =
                state.get(StateKind.TOPOLOGIES, topology, Topology.parser()).orElse(nextTopology);
        state.set(
                StateKind.TOPOLOGIES,
                topology,
                nextTopology.toBuilder().setState(now.getState()).build());
        state.set(StateKind.PACKING_PLANS, topology, next);
    }

    private void rollBack(Topology oldTopology, PackingPlan old, List<ContainerPlan> added, Duration timeout) {
        try {
            write(oldTopology, old);
            if (!added.isEmpty()) {
                scheduler.removeContainers(
                        added.stream().map(ContainerPlan::getId).toList());
            }
            awaitPhysicalPlan(old, System.nanoTime() + timeout.toNanos(), timeout);
            LOG.info("'{}' is back on its previous plan", topology);
        } catch (SchedulerException | RuntimeException e) {
            LOG.error("rolling back the update of '{}' did not complete: {}", topology, e.getMessage());
        }
    }

    /** Waits until the TM has published a physical plan that places every task as {@code plan} does. */
    private void awaitPhysicalPlan(PackingPlan plan, long deadline, Duration timeout) throws SchedulerException {
        while (true) {
            Optional<PhysicalPlan> p = state.get(StateKind.PHYSICAL_PLANS, topology, PhysicalPlan.parser());
            Optional<String> gap = p.isEmpty() ? Optional.of("no physical plan is published") : mismatch(p.get(), plan);
            if (gap.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new SchedulerException("the topology master did not publish a matching physical plan within "
                        + timeout.toSeconds() + " s (" + gap.get() + ")");
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchedulerException("interrupted while waiting for the new physical plan");
            }
        }
    }

    /** Why the physical plan does not (yet) match the packing plan; empty when it does. */
    static Optional<String> mismatch(PhysicalPlan physical, PackingPlan packing) {
        Set<Integer> containers = new TreeSet<>();
        Map<Integer, String> wanted = new TreeMap<>();
        for (ContainerPlan c : packing.getContainersList()) {
            containers.add(c.getId());
            for (InstancePlan i : c.getInstancesList()) {
                wanted.put(i.getTaskId(), "stmgr-" + c.getId());
            }
        }
        Set<Integer> have = new TreeSet<>();
        for (StMgrLocation s : physical.getStmgrsList()) {
            have.add(s.getContainer());
        }
        if (!have.equals(containers)) {
            Set<Integer> missing = new TreeSet<>(containers);
            missing.removeAll(have);
            return Optional.of(
                    missing.isEmpty()
                            ? "stream managers of containers " + have + " are published, expected " + containers
                            : "stream managers of containers " + missing + " have not registered");
        }
        Map<Integer, String> placed = new TreeMap<>();
        for (InstanceLocation i : physical.getInstancesList()) {
            placed.put(i.getTaskId(), i.getStmgrId());
        }
        return placed.equals(wanted)
                ? Optional.empty()
                : Optional.of(
                        "the published plan version " + physical.getVersion() + " still places tasks differently");
    }

    private static Map<Integer, ContainerPlan> byId(PackingPlan plan) {
        Map<Integer, ContainerPlan> out = new TreeMap<>();
        plan.getContainersList().forEach(c -> out.put(c.getId(), c));
        return out;
    }
}
