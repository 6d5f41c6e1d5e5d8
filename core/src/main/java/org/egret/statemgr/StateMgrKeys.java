package org.egret.statemgr;

import java.util.List;
import org.egret.config.ConfigKey;

public final class StateMgrKeys {
  private StateMgrKeys() {
  }

  public static final ConfigKey<String> TYPE = ConfigKey.oneOf("egret.statemgr.type", "local",
      List.of("local", "zookeeper"), "Which state manager holds topology state.");

  public static final ConfigKey<String> ROOT = ConfigKey.string("egret.statemgr.root",
      System.getProperty("user.home") + "/.egret/state",
      "Root of the state tree: a directory for the local state manager, a znode path for ZooKeeper.");
}
