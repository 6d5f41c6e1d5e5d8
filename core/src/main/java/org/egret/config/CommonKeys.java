package org.egret.config;

/** Keys every process reads. */
public final class CommonKeys {
  private CommonKeys() {
  }

  public static final ConfigKey<String> WORKING_DIR = ConfigKey.string("egret.working.dir",
      System.getProperty("user.home") + "/.egret/topologies",
      "Where containers of the local cluster keep their package, logs and port files.");

  public static final ConfigKey<String> JAVA_HOME = ConfigKey.string("egret.java.home",
      System.getProperty("java.home"),
      "The Java installation every Egret process is started with.");

  public static final ConfigKey<String> HOST = ConfigKey.string("egret.host", "127.0.0.1",
      "The address servers of this host bind and advertise (loopback for the local cluster).");
}
