package org.egret.packing;

import java.util.Map;
import org.egret.config.EgretConfig;
import org.egret.plugin.Plugin;
import org.egret.plugin.PluginType;
import org.egret.proto.PackingPlan;
import org.egret.proto.Topology;

/**
 * Turns the packing plan of a running topology into the plan an update moves it to. Beside
 * {@link PackingAlgorithm}, which packs from nothing: a repacking starts from what runs, so that
 * instances that may stay where they are do.
 */
public interface RepackingAlgorithm extends Plugin {

    default String name() {
        return getClass().getAnnotation(PluginType.class).value();
    }

    /**
     * The next plan.
     *
     * @param current the plan the topology runs on
     * @param topology the topology with its new task counts (one instance per task)
     * @param parallelism the components whose instance count changes, with their new counts (at least 1)
     * @param containers the number of containers wanted, or 0 to let the algorithm decide
     * @throws PackingException when the new plan cannot be made (e.g. it does not fit the containers)
     */
    PackingPlan repack(
            PackingPlan current,
            Topology topology,
            Map<String, Integer> parallelism,
            int containers,
            EgretConfig config);
}
