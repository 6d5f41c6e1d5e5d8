package org.egret.scheduler;

import org.egret.config.EgretConfig;
import org.egret.scheduler.local.LocalLauncher;

/** Creates the configured scheduler's launcher. */
public final class Launchers {
  private Launchers() {
  }

  public static Launcher create(EgretConfig config) {
    String type = config.get(SchedulerKeys.TYPE);
    if (type.equals("local")) {
      return new LocalLauncher();
    }
    throw new IllegalArgumentException("scheduler '" + type + "' is not available in this build");
  }
}
