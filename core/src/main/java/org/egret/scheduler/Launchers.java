package org.egret.scheduler;

import java.util.Map;
import org.egret.config.EgretConfig;
import org.egret.scheduler.local.LocalLauncher;

/**
 * Creates the configured scheduler's launcher. Cluster launchers live in their own modules (YARN,
 * Mesos) and are loaded by name, so core needs none of their client libraries.
 */
public final class Launchers {
  private static final Map<String, String> CLUSTER_LAUNCHERS = Map.of(
      "yarn", "org.egret.scheduler.yarn.YarnLauncher",
      "mesos", "org.egret.scheduler.mesos.MesosLauncher");

  private Launchers() {
  }

  public static Launcher create(EgretConfig config) {
    String type = config.get(SchedulerKeys.TYPE);
    if (type.equals("local")) {
      return new LocalLauncher();
    }
    String cls = CLUSTER_LAUNCHERS.get(type);
    try {
      return (Launcher) Class.forName(cls).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalArgumentException("scheduler '" + type + "' is not available: " + cls
          + " is not on the class path (" + e + ")");
    }
  }
}
