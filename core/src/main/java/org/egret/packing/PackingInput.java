package org.egret.packing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.egret.config.EgretConfig;
import org.egret.proto.Component;
import org.egret.proto.PackingPlan;
import org.egret.proto.Resources;
import org.egret.proto.Topology;

/**
 * What both algorithms start from and end with: the validated instances (ordered by task id, each known
 * to fit an empty container) and the assembly of the final plan.
 *
 * <p>Checking every component against an empty container up front gives the user the component's name
 * in the error, instead of a container number that depends on the algorithm.
 */
final class PackingInput {
    private final Topology topology;
    private final ContainerLimits limits;
    private final List<PlannedInstance> instances;

    private PackingInput(Topology topology, ContainerLimits limits, List<PlannedInstance> instances) {
        this.topology = topology;
        this.limits = limits;
        this.instances = instances;
    }

    static PackingInput of(Topology topology, EgretConfig config) {
        List<TaskIds.Task> tasks = TaskIds.tasks(topology);
        ContainerLimits limits = new ContainerLimits(config);
        InstanceResources resolver = new InstanceResources(config);

        List<Component> byName = new ArrayList<>(topology.getComponentsList());
        byName.sort(Comparator.comparing(Component::getName));
        Map<String, Resources> resources = new HashMap<>();
        Map<String, Footprint> footprints = new HashMap<>();
        for (Component c : byName) {
            Resources r = resolver.of(c);
            Footprint f = resolver.footprint(r);
            limits.instanceOverflow(c.getName(), r, f).ifPresent(msg -> {
                throw new PackingException(msg);
            });
            resources.put(c.getName(), r);
            footprints.put(c.getName(), f);
        }

        List<PlannedInstance> instances = new ArrayList<>(tasks.size());
        for (TaskIds.Task t : tasks) {
            instances.add(new PlannedInstance(t, resources.get(t.component()), footprints.get(t.component())));
        }
        return new PackingInput(topology, limits, Collections.unmodifiableList(instances));
    }

    Topology topology() {
        return topology;
    }

    ContainerLimits limits() {
        return limits;
    }

    /** Ordered by task id. */
    List<PlannedInstance> instances() {
        return instances;
    }

    PackingPlan plan(String algorithm, List<Bin> bins) {
        PackingPlan.Builder plan =
                PackingPlan.newBuilder().setTopologyId(topology.getId()).setAlgorithm(algorithm);
        bins.stream().sorted(Comparator.comparingInt(Bin::id)).forEach(b -> plan.addContainers(b.toProto(limits)));
        return plan.build();
    }
}
