package org.egret.packing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.egret.proto.Component;
import org.egret.proto.ComponentKind;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.Resources;
import org.egret.proto.Topology;

/**
 * Repacks by changing as little as possible:
 * <ul>
 *   <li>a component scaled down loses its highest component indexes, wherever they run;</li>
 *   <li>a component scaled up gets new task ids (never reused) and indexes after its last one;</li>
 *   <li>running containers keep their reservation (the cluster granted it; resizing means replacing
 *       them), so a new instance joins one only within that reservation, else a new container opens;</li>
 *   <li>a container left without instances is removed;</li>
 *   <li>with a container count, containers above it are dissolved and their instances re-placed,
 *       new containers are added up to it and take instances from the most loaded ones, and new
 *       instances go to the least loaded container with room.</li>
 * </ul>
 */
@PluginType(ScalingRepacking.NAME)
public final class ScalingRepacking implements RepackingAlgorithm {
    public static final String NAME = "scaling";

    private static final Comparator<Placed> LARGEST_FIRST = Comparator.comparingLong((Placed p) -> p.footprint.ramMb())
            .reversed()
            .thenComparing(Comparator.comparingLong((Placed p) -> p.footprint.cpuMillis())
                    .reversed())
            .thenComparingInt(p -> p.plan.getTaskId());

    /** An instance and what it occupies. */
    private record Placed(InstancePlan plan, Footprint footprint) {}

    /** A container being repacked: running ones keep their reservation, new ones get one at the end. */
    private static final class Slot {
        final int id;
        final Resources reserved; // null for a new container
        final Footprint capacity;
        final List<Placed> instances = new ArrayList<>();
        Footprint used = Footprint.ZERO;

        Slot(int id, Resources reserved, Footprint capacity) {
            this.id = id;
            this.reserved = reserved;
            this.capacity = capacity;
        }

        boolean fits(Placed p) {
            return used.plus(p.footprint).fitsWithin(capacity);
        }

        void add(Placed p) {
            instances.add(p);
            used = used.plus(p.footprint);
        }

        void remove(Placed p) {
            instances.remove(p);
            used = new Footprint(
                    used.ramMb() - p.footprint.ramMb(),
                    used.cpuMillis() - p.footprint.cpuMillis(),
                    used.diskMb() - p.footprint.diskMb());
        }
    }

    @Override
    public PackingPlan repack(
            PackingPlan current,
            Topology topology,
            Map<String, Integer> parallelism,
            int containers,
            EgretConfig config) {
        ContainerLimits limits = new ContainerLimits(config);
        InstanceResources resources = new InstanceResources(config);
        Map<String, Component> components = new TreeMap<>();
        topology.getComponentsList().forEach(c -> components.put(c.getName(), c));

        TreeMap<Integer, Slot> slots = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        int maxTask = 0;
        int maxContainer = 0;
        for (ContainerPlan c : current.getContainersList()) {
            Slot s = new Slot(c.getId(), c.getRequired(), reservedCapacity(c.getRequired(), limits));
            for (InstancePlan i : c.getInstancesList()) {
                s.add(new Placed(i, resources.footprint(i.getResources())));
                counts.merge(i.getComponent(), 1, Integer::sum);
                maxTask = Math.max(maxTask, i.getTaskId());
            }
            slots.put(c.getId(), s);
            maxContainer = Math.max(maxContainer, c.getId());
        }
        int nextTask = Math.max(current.getNextTaskId(), maxTask + 1);

        // Scale down: the highest indexes go, so the survivors keep indexes 0..n-1.
        for (Slot s : slots.values()) {
            for (Placed p : List.copyOf(s.instances)) {
                Integer n = parallelism.get(p.plan.getComponent());
                if (n != null && p.plan.getComponentIndex() >= n) {
                    s.remove(p);
                }
            }
        }

        List<Placed> toPlace = new ArrayList<>();
        boolean fixedCount = containers > 0;
        if (fixedCount && containers < slots.size()) {
            while (slots.size() > containers) {
                Slot dissolved = slots.pollLastEntry().getValue();
                toPlace.addAll(dissolved.instances);
            }
        }
        if (fixedCount) {
            while (slots.size() < containers) {
                int id = ++maxContainer;
                slots.put(id, new Slot(id, null, limits.usable()));
            }
        }

        // Scale up: new tasks after the last index of their component.
        for (Map.Entry<String, Integer> e : parallelism.entrySet()) {
            int have = counts.getOrDefault(e.getKey(), 0);
            Component component = components.get(e.getKey());
            if (component == null) {
                throw new PackingException(
                        "no component '" + e.getKey() + "' in topology '" + topology.getName() + "'");
            }
            Resources r = resources.of(component);
            Footprint f = resources.footprint(r);
            limits.instanceOverflow(e.getKey(), r, f).ifPresent(msg -> {
                throw new PackingException(msg);
            });
            for (int index = have; index < e.getValue(); index++) {
                toPlace.add(new Placed(
                        InstancePlan.newBuilder()
                                .setComponent(e.getKey())
                                .setTaskId(nextTask++)
                                .setComponentIndex(index)
                                .setResources(r)
                                .build(),
                        f));
            }
        }

        toPlace.sort(LARGEST_FIRST);
        for (Placed p : toPlace) {
            Slot target = null;
            for (Slot s : slots.values()) {
                if (s.fits(p) && (target == null || (fixedCount && s.instances.size() < target.instances.size()))) {
                    target = s;
                    if (!fixedCount) {
                        break; // first fit keeps the container count low
                    }
                }
            }
            if (target == null) {
                if (fixedCount) {
                    throw new PackingException(containers + " containers cannot hold task " + p.plan.getTaskId() + " ("
                            + p.plan.getComponent() + ", " + p.footprint.ramMb()
                            + " MB): the running containers keep their "
                            + "reservations; ask for more containers");
                }
                int id = ++maxContainer;
                target = new Slot(id, null, limits.usable());
                slots.put(id, target);
            }
            target.add(p);
        }

        if (fixedCount) {
            Set<String> spouts = new TreeSet<>();
            topology.getComponentsList().stream()
                    .filter(c -> c.getKind() == ComponentKind.SPOUT)
                    .forEach(c -> spouts.add(c.getName()));
            balanceIntoNewContainers(slots, spouts);
        }
        slots.values().removeIf(s -> s.instances.isEmpty());
        if (fixedCount && slots.size() < containers) {
            throw new PackingException(containers + " containers would leave " + (containers - slots.size())
                    + " of them without instances");
        }

        PackingPlan.Builder out = PackingPlan.newBuilder()
                .setTopologyId(current.getTopologyId())
                .setAlgorithm(current.getAlgorithm())
                .setNextTaskId(nextTask);
        for (Slot s : slots.values()) {
            ContainerPlan.Builder c = ContainerPlan.newBuilder()
                    .setId(s.id)
                    .setRequired(s.reserved != null ? s.reserved : limits.required(s.used));
            s.instances.stream()
                    .map(Placed::plan)
                    .sorted(Comparator.comparingInt(InstancePlan::getTaskId))
                    .forEach(c::addInstances);
            out.addContainers(c);
        }
        return out.build();
    }

    /**
     * Moves instances from the most loaded containers into new ones until counts are even. Bolts move
     * before spouts: a moved spout restarts and loses the tuples it had in flight (they replay).
     */
    private static void balanceIntoNewContainers(TreeMap<Integer, Slot> slots, Set<String> spouts) {
        int total = slots.values().stream().mapToInt(s -> s.instances.size()).sum();
        int fair = total / slots.size();
        for (Slot empty : slots.values()) {
            if (empty.reserved != null) {
                continue;
            }
            while (empty.instances.size() < fair) {
                Slot fullest = slots.values().stream()
                        .filter(s -> s != empty)
                        .max(Comparator.comparingInt((Slot s) -> s.instances.size())
                                .thenComparingInt(s -> -s.id))
                        .orElseThrow();
                if (fullest.instances.size() <= empty.instances.size() + 1) {
                    break;
                }
                Placed move = fullest.instances.stream()
                        .filter(empty::fits)
                        .max(Comparator.comparing((Placed p) -> !spouts.contains(p.plan.getComponent()))
                                .thenComparingInt(p -> p.plan.getTaskId()))
                        .orElse(null);
                if (move == null) {
                    break;
                }
                fullest.remove(move);
                empty.add(move);
            }
        }
    }

    /** What the instances of a running container may use: its reservation minus the padding. */
    private static Footprint reservedCapacity(Resources reserved, ContainerLimits limits) {
        Footprint pad = limits.padding();
        return new Footprint(
                reserved.getRamMb() - pad.ramMb(),
                Math.round(reserved.getCpu() * 1000) - pad.cpuMillis(),
                reserved.getDiskMb() - pad.diskMb());
    }
}
