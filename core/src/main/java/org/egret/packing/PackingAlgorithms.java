package org.egret.packing;

import org.egret.config.EgretConfig;
import org.egret.plugin.Plugins;

/** Opens the packing algorithm named by {@link PackingKeys#ALGORITHM}, and the repacking by {@link PackingKeys#REPACKING}. */
public final class PackingAlgorithms {
    private PackingAlgorithms() {}

    public static PackingAlgorithm open(EgretConfig config) {
        return Plugins.open(PackingAlgorithm.class, PackingKeys.ALGORITHM, config);
    }

    public static RepackingAlgorithm openRepacking(EgretConfig config) {
        return Plugins.open(RepackingAlgorithm.class, PackingKeys.REPACKING, config);
    }
}
