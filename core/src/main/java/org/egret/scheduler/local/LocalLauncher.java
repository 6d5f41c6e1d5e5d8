package org.egret.scheduler.local;

import java.nio.file.Path;
import java.util.List;
import org.egret.config.EgretConfig;
import org.egret.net.NodeAddress;
import org.egret.plugin.PluginType;
import org.egret.scheduler.DetachedScheduler;
import org.egret.scheduler.LaunchContext;
import org.egret.scheduler.Launcher;
import org.egret.scheduler.SchedulerException;

/** Starts the topology's local scheduler as a detached process and waits until it has published its location. */
@PluginType("local")
public final class LocalLauncher implements Launcher {
    /** The scheduler and every container run on this machine: their addresses must be its own. */
    @Override
    public void check(EgretConfig config) {
        NodeAddress.from(config);
        new ContainerHosts(config).check();
    }

    @Override
    public void launch(LaunchContext ctx) throws SchedulerException {
        Path dir = LocalScheduler.topologyDir(ctx.config(), ctx.topology());
        List<String> cmd = DetachedScheduler.command(ctx, LocalSchedulerMain.class.getName(), dir, List.of(), false);
        DetachedScheduler.startAndAwait(ctx, cmd, dir, "the local scheduler");
    }
}
