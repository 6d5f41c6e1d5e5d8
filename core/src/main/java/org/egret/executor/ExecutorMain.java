package org.egret.executor;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.egret.net.NodeAddress;
import org.egret.runtime.ParentWatch;
import org.egret.runtime.ProcessOptions;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.egret.uploader.PackageFetcher;
import org.egret.uploader.TopologyPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per container: fetches and unpacks the topology package, then starts and supervises the
 * container's processes until it is told to stop (SIGTERM), when it stops them all.
 */
public final class ExecutorMain {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorMain.class);

  private ExecutorMain() {
  }

  public static void main(String[] args) {
    ProcessOptions opts = ProcessOptions.parse(args);
    ParentWatch.start(opts.parentPid());
    try {
      run(opts);
    } catch (ConfigException e) {
      LOG.error("executor of container {}: {}", opts.container(), e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      LOG.error("executor of container {} failed", opts.container(), e);
      System.exit(1);
    }
  }

  private static void run(ProcessOptions opts) throws Exception {
    EgretConfig config = opts.loadConfig();
    // every server of the container binds and advertises this: a bad one fails here, once, not in each of them
    NodeAddress address = NodeAddress.from(config);
    opts.dirs().create(config);
    fetchPackage(opts, config);
    StateManager state = StateManagers.open(config);
    ContainerProcesses processes = new ContainerProcesses(opts, config, state);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping container {}", opts.container());
      processes.close();
      state.close();
    }, "executor-shutdown"));
    processes.start();
    LOG.info("container {} of '{}' is running on {}", opts.container(), opts.topology(), address);
    Thread.currentThread().join();
  }

  /** Downloads and unpacks the package once; a restarted executor reuses what is there. */
  private static void fetchPackage(ProcessOptions opts, EgretConfig config) throws Exception {
    Path done = opts.dirs().packageDir().resolve(".complete");
    if (Files.exists(done)) {
      return;
    }
    if (opts.packageUri() == null) {
      throw new IllegalArgumentException("--package-uri is required");
    }
    Path tmp = Files.createTempFile(opts.dirs().root(), "package", ".tar.gz");
    try {
      PackageFetcher.fetch(URI.create(opts.packageUri()), tmp, config);
      TopologyPackage.extract(tmp, opts.dirs().packageDir());
      Files.createFile(done);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
