package org.egret.tmaster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.egret.proto.Component;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstanceLocation;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.PlanComponent;
import org.egret.proto.PlanTopology;
import org.egret.proto.StMgrLocation;
import org.egret.proto.Topology;

/**
 * Collects stream manager registrations against the packing plan and turns them into a physical
 * plan once every container has one. Holds no network state, so it is tested on its own.
 */
public final class PhysicalPlanBuilder {
    private final PackingPlan packing;
    private final Map<Integer, ContainerPlan> containers = new TreeMap<>();
    private final Map<Integer, StMgrLocation> registered = new TreeMap<>();

    public PhysicalPlanBuilder(PackingPlan packing) {
        this.packing = packing;
        for (ContainerPlan c : packing.getContainersList()) {
            containers.put(c.getId(), c);
        }
    }

    public static String stmgrId(int container) {
        return "stmgr-" + container;
    }

    /**
     * A builder for the plan an update moves to: stream managers of containers that stay keep their
     * registration (they follow the packing plan themselves), new containers have yet to register.
     */
    public PhysicalPlanBuilder withPacking(PackingPlan next) {
        PhysicalPlanBuilder b = new PhysicalPlanBuilder(next);
        registered.forEach((container, loc) -> {
            if (b.containers.containsKey(container)) {
                b.registered.put(container, loc);
            }
        });
        return b;
    }

    /** Why this registration does not fit the packing plan, or empty when it does. */
    public Optional<String> validate(StMgrLocation stmgr, Collection<Integer> taskIds) {
        ContainerPlan plan = containers.get(stmgr.getContainer());
        if (plan == null) {
            return Optional.of("container " + stmgr.getContainer() + " is not in the packing plan (containers "
                    + containers.keySet() + ")");
        }
        if (!stmgr.getId().equals(stmgrId(stmgr.getContainer()))) {
            return Optional.of("stream manager of container " + stmgr.getContainer() + " must be called "
                    + stmgrId(stmgr.getContainer()) + ", not " + stmgr.getId());
        }
        Set<Integer> expected = new TreeSet<>();
        plan.getInstancesList().forEach(i -> expected.add(i.getTaskId()));
        Set<Integer> given = new TreeSet<>(taskIds);
        if (given.size() != taskIds.size() || !given.equals(expected)) {
            return Optional.of("container " + stmgr.getContainer() + " holds tasks " + expected
                    + ", registration named " + taskIds);
        }
        return Optional.empty();
    }

    /** Records a validated registration; a later one for the same container replaces it. */
    public void register(StMgrLocation stmgr) {
        registered.put(stmgr.getContainer(), stmgr);
    }

    public boolean isComplete() {
        return registered.keySet().equals(containers.keySet());
    }

    public Collection<StMgrLocation> registered() {
        return List.copyOf(registered.values());
    }

    /** The physical plan of the current registrations; only valid when {@link #isComplete()}. */
    public PhysicalPlan build(Topology topology, long version) {
        if (!isComplete()) {
            throw new IllegalStateException("stream managers missing for containers " + missing());
        }
        PhysicalPlan.Builder b = PhysicalPlan.newBuilder()
                .setTopology(structureOf(topology))
                .setVersion(version)
                .addAllStmgrs(registered.values());
        for (ContainerPlan c : containers.values()) {
            String owner = stmgrId(c.getId());
            for (InstancePlan i : c.getInstancesList()) {
                b.addInstances(InstanceLocation.newBuilder()
                        .setComponent(i.getComponent())
                        .setTaskId(i.getTaskId())
                        .setComponentIndex(i.getComponentIndex())
                        .setStmgrId(owner));
            }
        }
        return b.build();
    }

    /**
     * The part of the topology a plan carries: components, streams, groupings, parallelism and state.
     * Named field by field, so that nothing added to {@link Topology} later (config, credentials) can
     * reach the plan's receivers by default.
     */
    public static PlanTopology structureOf(Topology topology) {
        PlanTopology.Builder t = PlanTopology.newBuilder()
                .setId(topology.getId())
                .setName(topology.getName())
                .setState(topology.getState());
        for (Component c : topology.getComponentsList()) {
            t.addComponents(PlanComponent.newBuilder()
                    .setName(c.getName())
                    .setKind(c.getKind())
                    .setParallelism(c.getParallelism())
                    .setTasks(c.getTasks())
                    .addAllOutputs(c.getOutputsList())
                    .addAllInputs(c.getInputsList()));
        }
        return t.build();
    }

    public List<Integer> missing() {
        List<Integer> out = new ArrayList<>();
        for (Integer id : containers.keySet()) {
            if (!registered.containsKey(id)) {
                out.add(id);
            }
        }
        return out;
    }

    public PackingPlan packing() {
        return packing;
    }
}
