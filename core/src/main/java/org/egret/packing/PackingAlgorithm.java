package org.egret.packing;

import org.egret.config.EgretConfig;
import org.egret.plugin.Plugin;
import org.egret.plugin.PluginType;
import org.egret.proto.PackingPlan;
import org.egret.proto.Topology;

/**
 * Turns a logical plan into containers 1..N with the resources each must reserve.
 *
 * <p>Implementations are pure functions of their inputs: the same topology and config always give the
 * same plan, so a restarted scheduler or an {@code update} can recompute and compare plans. Container 0
 * (Topology Master and its metrics manager) is sized elsewhere and never appears in the plan.
 */
public interface PackingAlgorithm extends Plugin {

    /** The value of {@link PackingKeys#ALGORITHM} that selects this algorithm; recorded in the plan. */
    default String name() {
        return getClass().getAnnotation(PluginType.class).value();
    }

    /**
     * Packs every task of the topology exactly once.
     *
     * @throws PackingException when the topology is malformed (no components, a component with no
     *     tasks) or does not fit the configured container limits
     */
    PackingPlan pack(Topology topology, EgretConfig config);
}
