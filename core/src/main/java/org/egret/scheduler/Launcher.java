package org.egret.scheduler;

import org.egret.config.EgretConfig;
import org.egret.plugin.Plugin;

/**
 * Starts a topology's scheduler from the submitting machine: a local supervising process, a YARN
 * application, a Mesos framework. Returns once the scheduler has published its location.
 */
public interface Launcher extends Plugin {
    /**
     * Checks, before anything is captured or uploaded, what can be known wrong on the submitting machine
     * (e.g. the local cluster's addresses); throws with a message for the user.
     */
    default void check(EgretConfig config) {}

    void launch(LaunchContext context) throws SchedulerException;
}
