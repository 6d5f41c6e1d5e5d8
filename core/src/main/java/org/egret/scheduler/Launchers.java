package org.egret.scheduler;

import org.egret.config.EgretConfig;
import org.egret.plugin.Plugins;

/**
 * Opens the launcher of the scheduler that {@link SchedulerKeys#TYPE} names. Cluster launchers live in
 * their own modules (YARN, Mesos), so core needs none of their client libraries.
 */
public final class Launchers {
    private Launchers() {}

    public static Launcher open(EgretConfig config) {
        return Plugins.open(Launcher.class, SchedulerKeys.TYPE, config);
    }
}
