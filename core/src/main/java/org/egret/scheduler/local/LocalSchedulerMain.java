package org.egret.scheduler.local;

import java.nio.file.Path;
import org.egret.config.EgretConfig;
import org.egret.runtime.ProcessOptions;
import org.egret.scheduler.SchedulerProcess;
import org.egret.scheduler.TopologyRemoval;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cluster's scheduler: one supervising process per topology on this host. It starts the
 * executors, publishes its address for the CLI, and on kill stops everything and removes the
 * topology's state, package and working directory.
 */
public final class LocalSchedulerMain {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSchedulerMain.class);

    private LocalSchedulerMain() {}

    public static void main(String[] args) {
        SchedulerProcess.main(args, "local scheduler", LocalSchedulerMain::run);
    }

    private static void run(SchedulerProcess process) throws Exception {
        ProcessOptions opts = process.opts();
        EgretConfig config = process.config();
        StateManager state = process.state();
        Path home = Path.of(System.getProperty("egret.home", "."));
        LocalScheduler scheduler = new LocalScheduler(opts, config, home, state, process.secret(), process::markFailed);
        Runtime.getRuntime().addShutdownHook(new Thread(scheduler::close, "scheduler-shutdown"));
        process.serve(scheduler, process.endpoint(scheduler, () -> cleanUp(opts, config, state)));
    }

    private static void cleanUp(ProcessOptions opts, EgretConfig config, StateManager state) {
        TopologyRemoval.removeAll(
                opts.topology(), opts.packageUri(), LocalScheduler.topologyDir(config, opts.topology()), config, state);
    }
}
