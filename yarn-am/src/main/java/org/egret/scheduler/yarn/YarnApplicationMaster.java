package org.egret.scheduler.yarn;

import java.net.URI;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.egret.config.CommonKeys;
import org.egret.config.EgretConfig;
import org.egret.proto.PackingPlan;
import org.egret.runtime.ProcessOptions;
import org.egret.scheduler.SchedulerKeys;
import org.egret.scheduler.SchedulerProcess;
import org.egret.scheduler.SchedulerServer;
import org.egret.statemgr.StateManager;
import org.egret.uploader.Uploader;
import org.egret.uploader.Uploaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology's scheduler on YARN: the ApplicationMaster. Every attempt reads the packing plan
 * from the state manager, re-adopts the containers a previous attempt left running, asks for the
 * rest, and publishes its endpoint (kill, restart, update) for the CLI; YARN shows the Tracker's page
 * of the topology as its tracking URL, or the AM's own status page when no Tracker is configured. Kill stops every container, removes
 * the topology's state and packages, and unregisters with final status KILLED.
 */
public final class YarnApplicationMaster {
  private static final Logger LOG = LoggerFactory.getLogger(YarnApplicationMaster.class);

  private YarnApplicationMaster() {
  }

  public static void main(String[] args) {
    SchedulerProcess.main(args, "ApplicationMaster", YarnApplicationMaster::run);
  }


  private static void run(SchedulerProcess process) throws Exception {
    ProcessOptions opts = process.opts();
    EgretConfig config = process.config();
    StateManager state = process.state();
    String topology = process.topology();
    PackingPlan plan = process.plan();
    YarnConfiguration conf = HadoopConf.load(config);
    URI core = URI.create(config.get(SchedulerKeys.YARN_CORE_PACKAGE));
    URI pkg = URI.create(opts.packageUri());
    ContainerLayout layout = ContainerLayout.of(core, pkg, config, conf);
    java.nio.ByteBuffer tokens = SecurityTokens.forContainers();
    YarnScheduler scheduler = new YarnScheduler(conf, ContainerSizes.of(plan, config), index -> {
      org.apache.hadoop.yarn.api.records.ContainerLaunchContext clc =
          layout.executor(index, topology, opts.topologyId(), opts.cluster(), opts.properties(), config);
      if (tokens != null) {
        clc.setTokens(tokens.duplicate());
      }
      return clc;
    },
        config.get(SchedulerKeys.YARN_REQUEST_PRIORITY), config.get(SchedulerKeys.KILL_TIMEOUT_MS));

    String host = config.get(CommonKeys.HOST);
    SchedulerServer server = new SchedulerServer(host, scheduler, () -> {
      cleanUp(topology, config, conf, state, core, pkg);
      scheduler.unregister(FinalApplicationStatus.KILLED, "killed with egret kill");
      scheduler.close();
      LOG.info("topology '{}' killed", topology);
      System.exit(0);
    });
    server.acceptUpdates(process.update(scheduler));
    String amContainer = System.getenv("CONTAINER_ID");
    String application = amContainer == null ? "?" : org.apache.hadoop.yarn.api.records.ContainerId
        .fromString(amContainer).getApplicationAttemptId().toString();
    StatusPage page = null;
    String trackingUrl = config.get(SchedulerKeys.TRACKER_URL);
    if (trackingUrl.isEmpty()) {
      page = new StatusPage(host, topology, application, scheduler::containers);
      trackingUrl = page.url();
    } else {
      trackingUrl = trackingUrl.replaceAll("/+$", "") + "/topology?name="
          + java.net.URLEncoder.encode(topology, java.nio.charset.StandardCharsets.UTF_8);
    }
    StatusPage ownPage = page;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (ownPage != null) {
        ownPage.close();
      }
    }, "status-page-shutdown"));
    scheduler.register(host, server.port(), trackingUrl);
    LOG.info("tracking URL {}", trackingUrl);
    scheduler.schedule(plan);
    server.publishLocation(state, topology);
    LOG.info("ApplicationMaster of '{}' serves on {}:{}; containers {}", topology, host, server.port(),
        scheduler.containers());
    Thread.currentThread().join();
  }

  /**
   * State nodes, then what lies beside the topology package (the core package unless it is a shared
   * one, the Hadoop configuration), then the topology package with its directory.
   */
  private static void cleanUp(String topology, EgretConfig config, YarnConfiguration conf, StateManager state,
      URI core, URI pkg) {
    state.deleteAll(topology);
    URI ownCore = CorePackage.beside(pkg, new org.apache.hadoop.fs.Path(core).getName());
    if (new org.apache.hadoop.fs.Path(core).toUri().getPath().equals(ownCore.getPath())) {
      YarnLauncher.delete(core, conf);
    }
    YarnLauncher.delete(CorePackage.beside(pkg, CorePackage.HADOOP_CONF_FILE), conf);
    try (Uploader uploader = Uploaders.open(config)) {
      uploader.delete(pkg);
    } catch (RuntimeException e) {
      LOG.warn("cannot delete the topology package {}", pkg, e);
    }
  }
}
