package org.egret.scheduler.local;

import java.nio.file.Path;
import org.egret.config.CommonKeys;
import org.egret.config.EgretConfig;
import org.egret.proto.PackingPlan;
import org.egret.runtime.ProcessOptions;
import org.egret.scheduler.SchedulerServer;
import org.egret.scheduler.TopologyRemoval;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
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
    ProcessOptions opts = ProcessOptions.parse(args);
    try {
      run(opts);
    } catch (Exception e) {
      LOG.error("local scheduler of '{}' failed", opts.topology(), e);
      System.exit(1);
    }
  }

  private static void run(ProcessOptions opts) throws Exception {
    EgretConfig config = opts.loadConfig();
    StateManager state = StateManagers.open(config);
    String topology = opts.topology();
    PackingPlan plan = state.get(StateKind.PACKING_PLANS, topology, PackingPlan.parser())
        .orElseThrow(() -> new IllegalStateException("no packing plan for " + topology));
    Path home = Path.of(System.getProperty("egret.home", "."));
    LocalScheduler scheduler = new LocalScheduler(opts, config, home);
    Runtime.getRuntime().addShutdownHook(new Thread(scheduler::close, "scheduler-shutdown"));
    SchedulerServer server = new SchedulerServer(config.get(CommonKeys.HOST), scheduler, () -> {
      cleanUp(opts, config, state);
      LOG.info("topology '{}' killed", topology);
      System.exit(0);
    });
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
