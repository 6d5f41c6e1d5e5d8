package org.egret.scheduler.yarn;

import org.egret.plugin.PluginType;
import org.egret.scheduler.LaunchContext;
import org.egret.scheduler.Launcher;
import org.egret.scheduler.SchedulerException;

/**
 * The YARN scheduler as core's plug-in lookup sees it ({@code egret.scheduler.type: yarn}). Hadoop's
 * classes are reached only through {@link YarnSubmission}: this class must link in processes that run
 * without Hadoop's client on their class path, where the lookup still lists it.
 */
@PluginType("yarn")
public final class YarnLauncher implements Launcher {
    @Override
    public void launch(LaunchContext ctx) throws SchedulerException {
        YarnSubmission.launch(ctx);
    }
}
