package org.egret.scheduler.local;

import java.nio.file.Path;
import org.egret.config.CommonKeys;
import org.egret.config.EgretConfig;
import org.egret.proto.PackingPlan;
import org.egret.runtime.ProcessOptions;
import org.egret.scheduler.SchedulerProcess;
import org.egret.scheduler.SchedulerServer;
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

  private LocalSchedulerMain() {
  }

  public static void main(String[] args) {
    SchedulerProcess.main(args, "local scheduler", LocalSchedulerMain::run);
  }


  private static void run(SchedulerProcess process) throws Exception {
    ProcessOptions opts = process.opts();
    EgretConfig config = process.config();
    StateManager state = process.state();
    String topology = process.topology();
    PackingPlan plan = process.plan();
    Path home = Path.of(System.getProperty("egret.home", "."));
    LocalScheduler scheduler = new LocalScheduler(opts, config, home);
    Runtime.getRuntime().addShutdownHook(new Thread(scheduler::close, "scheduler-shutdown"));
    SchedulerServer server = new SchedulerServer(config.get(CommonKeys.HOST), scheduler, () -> {
      cleanUp(opts, config, state);
      LOG.info("topology '{}' killed", topology);
      System.exit(0);
    });
    server.acceptUpdates(process.update(scheduler));
    scheduler.schedule(plan);
    server.publishLocation(state, topology);
    LOG.info("scheduling '{}' with {} containers; listening on port {}", topology,
        plan.getContainersCount() + 1, server.port());
    Thread.currentThread().join();
  }

  private static void cleanUp(ProcessOptions opts, EgretConfig config, StateManager state) {
    TopologyRemoval.removeAll(opts.topology(), opts.packageUri(),
        LocalScheduler.topologyDir(config, opts.topology()), config, state);
  }
}
