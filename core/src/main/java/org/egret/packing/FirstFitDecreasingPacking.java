package org.egret.packing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.egret.proto.PackingPlan;
import org.egret.proto.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uses as few containers as the maximum container size allows: instances, largest memory first (then
 * largest CPU, then lowest task id, so the result is deterministic), each go into the first container
 * with room for them on every dimension, or into a new one.
 *
 * <p>Memory goes first because it is the scarcer, non-compressible resource on most clusters. The
 * requested container count ({@link PackingKeys#CONTAINERS}, {@code topology.workers}) is deliberately
 * ignored: this algorithm exists for users who want the cluster to decide, and honouring a count would
 * make it round robin with extra steps. Containers are numbered 1..N in the order they were opened.
 */
@PluginType(PackingKeys.FIRST_FIT_DECREASING)
public final class FirstFitDecreasingPacking implements PackingAlgorithm {
    private static final Logger LOG = LoggerFactory.getLogger(FirstFitDecreasingPacking.class);

    private static final Comparator<PlannedInstance> LARGEST_FIRST = Comparator.comparingLong(
                    (PlannedInstance i) -> i.footprint().ramMb())
            .reversed()
            .thenComparing(Comparator.comparingLong(
                            (PlannedInstance i) -> i.footprint().cpuMillis())
                    .reversed())
            .thenComparingInt(i -> i.task().taskId());

    @Override
    public PackingPlan pack(Topology topology, EgretConfig config) {
        PackingInput input = PackingInput.of(topology, config);
        Footprint usable = input.limits().usable();

        List<PlannedInstance> order = new ArrayList<>(input.instances());
        order.sort(LARGEST_FIRST);
        List<Bin> bins = new ArrayList<>();
        for (PlannedInstance instance : order) {
            Bin target = bins.stream()
                    .filter(b -> b.canHold(instance, usable))
                    .findFirst()
                    .orElse(null);
            if (target == null) {
                // PackingInput checked that every instance fits an empty container.
                target = new Bin(bins.size() + 1);
                bins.add(target);
            }
            target.add(instance);
        }
        LOG.info(
                "Packed topology '{}' first-fit-decreasing: {} instances in {} containers",
                topology.getName(),
                order.size(),
                bins.size());
        return input.plan(name(), bins);
    }
}
