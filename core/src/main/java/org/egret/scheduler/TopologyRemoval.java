package org.egret.scheduler;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.egret.config.EgretConfig;
import org.egret.runtime.DirectoryTree;
import org.egret.statemgr.StateManager;
import org.egret.uploader.Uploader;
import org.egret.uploader.Uploaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a scheduler does last on kill, once every container has stopped: remove the package, every
 * state node and the topology's directory on this host, so that nothing of the topology is left.
 * Each step is attempted even if an earlier one fails.
 */
public final class TopologyRemoval {
  private static final Logger LOG = LoggerFactory.getLogger(TopologyRemoval.class);

  private TopologyRemoval() {
  }

  public static void removeAll(String topology, String packageUri, Path hostDir, EgretConfig config,
      StateManager state) {
    if (packageUri != null) {
      try (Uploader uploader = Uploaders.open(config)) {
        uploader.delete(URI.create(packageUri));
      } catch (RuntimeException e) {
        LOG.warn("cannot delete the package {}", packageUri, e);
      }
    }
    state.deleteAll(topology);
    try {
      DirectoryTree.delete(hostDir);
    } catch (IOException e) {
      LOG.warn("cannot delete {}", hostDir, e);
    }
  }
}
