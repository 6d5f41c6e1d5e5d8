package org.egret.packing;

import java.util.ArrayList;
import java.util.List;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.egret.proto.PackingPlan;
import org.egret.proto.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deals instances, in task id order, over a fixed number of containers: task 1 to container 1, task 2
 * to container 2, and so on, wrapping around.
 *
 * <p>This is what a Storm user expects from {@code topology.workers}: that many containers, every
 * component spread over them. The count is {@link PackingKeys#CONTAINERS} when set, else the
 * topology's requested containers ({@code topology.workers}), else 1, and never more than the number of
 * instances (an empty container would only waste its padding). Sizes follow from what lands in each
 * container; a container over the maximum fails the plan rather than being split, since the user asked
 * for that many.
 */
@PluginType(PackingKeys.ROUND_ROBIN)
public final class RoundRobinPacking implements PackingAlgorithm {
    private static final Logger LOG = LoggerFactory.getLogger(RoundRobinPacking.class);

    @Override
    public PackingPlan pack(Topology topology, EgretConfig config) {
        PackingInput input = PackingInput.of(topology, config);
        List<PlannedInstance> instances = input.instances();
        int count = containerCount(topology, config, instances.size());

        List<Bin> bins = new ArrayList<>(count);
        for (int id = 1; id <= count; id++) {
            bins.add(new Bin(id));
        }
        for (int i = 0; i < instances.size(); i++) {
            bins.get(i % count).add(instances.get(i));
        }
        for (Bin bin : bins) {
            input.limits().overflow(bin.id(), bin.used()).ifPresent(msg -> {
                throw new PackingException(msg + "; use more containers (" + PackingKeys.CONTAINERS.name()
                        + " or topology.workers, now " + count + "), " + PackingKeys.FIRST_FIT_DECREASING
                        + " packing, or a larger maximum");
            });
        }
        LOG.info(
                "Packed topology '{}' round-robin: {} instances in {} containers",
                topology.getName(),
                instances.size(),
                count);
        return input.plan(name(), bins);
    }

    /** The number of containers round robin uses for this topology. */
    public static int containerCount(Topology topology, EgretConfig config, int instances) {
        int requested = config.get(PackingKeys.CONTAINERS);
        if (requested <= 0) {
            requested = topology.getRequestedContainers();
        }
        if (requested <= 0) {
            requested = 1;
        }
        return Math.max(1, Math.min(requested, instances));
    }
}
