package org.egret.statemgr;

import java.util.List;
import org.egret.config.ConfigKey;

/** Egret config keys of the state managers, declared once (see ConfigKey). */
public final class StateMgrKeys {
  private StateMgrKeys() {
  }

  public static final ConfigKey<String> TYPE = ConfigKey.oneOf("egret.statemgr.type", "local",
      List.of("local", "zookeeper"), "Which state manager holds topology state.");

  public static final ConfigKey<String> ROOT = ConfigKey.string("egret.statemgr.root",
      System.getProperty("user.home") + "/.egret/state",
      "Root directory of the local state manager's tree (the ZooKeeper one uses egret.statemgr.zk.root).");

  // The TM's lease is the local state manager's: ZooKeeper holds the TM's entry as long as its session.
  public static final ConfigKey<Long> TMASTER_LEASE_MS = ConfigKey.longKey("egret.tmaster.lease.ms", 10000, 300,
      3600000, "How long the TM's entry in the local state manager stays valid without renewal; renewed every"
          + " third of it.");

  public static final ConfigKey<Long> LOCAL_POLL_MS = ConfigKey.longKey("egret.statemgr.local.poll.ms", 200, 10,
      60000, "How often the local state manager re-reads a watched file (files cannot be watched portably).");

  // ZooKeeper (egret.statemgr.type: zookeeper). A separate root key, because the local root is a
  // directory with a home-relative default, while a znode path is absolute and shared by hosts.
  public static final ConfigKey<String> ZK_CONNECTION = ConfigKey.string("egret.statemgr.zk.connection",
      "127.0.0.1:2181", "ZooKeeper connection string: host:port[,host:port...].");

  public static final ConfigKey<String> ZK_ROOT = ConfigKey.string("egret.statemgr.zk.root", "/egret",
      "Znode under which Egret keeps its tree (topologies/, pplans/, tmasters/, locks/ ...); absolute.");

  public static final ConfigKey<Integer> ZK_SESSION_TIMEOUT_MS = ConfigKey.integer(
      "egret.statemgr.zk.session.timeout.ms", 10000, 1000, 600000,
      "ZooKeeper session timeout: how long after a TM dies (or loses ZooKeeper) its entry vanishes and a"
          + " standby takes over. The server clamps it to [2, 20] ticks.");

  public static final ConfigKey<Integer> ZK_CONNECTION_TIMEOUT_MS = ConfigKey.integer(
      "egret.statemgr.zk.connection.timeout.ms", 5000, 100, 600000,
      "How long to wait for a ZooKeeper connection: on start (then fail with a clear error) and per retry.");

  public static final ConfigKey<Integer> ZK_RETRY_BASE_SLEEP_MS = ConfigKey.integer(
      "egret.statemgr.zk.retry.base.sleep.ms", 200, 1, 60000,
      "First back-off of a retried ZooKeeper operation; it doubles on every retry (Curator's exponential back-off).");

  public static final ConfigKey<Integer> ZK_RETRY_MAX = ConfigKey.integer("egret.statemgr.zk.retry.max", 5, 0, 29,
      "How many times a ZooKeeper operation is retried after a connection loss before it fails.");

  public static final ConfigKey<Boolean> ZK_CREATE_TREE = ConfigKey.bool("egret.statemgr.zk.create.tree", true,
      "Create the root and its families if missing. Set false where an operator pre-creates them (ACLs).");
}
