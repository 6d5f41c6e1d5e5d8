package org.egret.statemgr.zk;

import org.egret.config.ConfigKey;

/**
 * The ZooKeeper state manager's keys (egret.statemgr.type: zookeeper). Its root is a key of its own,
 * because the local root is a directory with a home-relative default, while a znode path is absolute
 * and shared by hosts.
 */
public final class ZkKeys {
    private ZkKeys() {}

    public static final ConfigKey<String> CONNECTION = ConfigKey.string(
            "egret.statemgr.zk.connection", "127.0.0.1:2181", "ZooKeeper connection string: host:port[,host:port...].");

    public static final ConfigKey<String> ROOT = ConfigKey.string(
            "egret.statemgr.zk.root",
            "/egret",
            "Znode under which Egret keeps its tree (topologies/, pplans/, tmasters/, locks/ ...); absolute.");

    public static final ConfigKey<Integer> SESSION_TIMEOUT_MS = ConfigKey.integer(
            "egret.statemgr.zk.session.timeout.ms",
            10000,
            1000,
            600000,
            "ZooKeeper session timeout: how long after a TM dies (or loses ZooKeeper) its entry vanishes and a"
                    + " standby takes over. The server clamps it to [2, 20] ticks.");

    public static final ConfigKey<Integer> CONNECTION_TIMEOUT_MS = ConfigKey.integer(
            "egret.statemgr.zk.connection.timeout.ms",
            5000,
            100,
            600000,
            "How long to wait for a ZooKeeper connection: on start (then fail with a clear error) and per retry.");

    public static final ConfigKey<Integer> RETRY_BASE_SLEEP_MS = ConfigKey.integer(
            "egret.statemgr.zk.retry.base.sleep.ms",
            200,
            1,
            60000,
            "First back-off of a retried ZooKeeper operation; it doubles on every retry (Curator's exponential back-off).");

    public static final ConfigKey<Integer> RETRY_MAX = ConfigKey.integer(
            "egret.statemgr.zk.retry.max",
            5,
            0,
            29,
            "How many times a ZooKeeper operation is retried after a connection loss before it fails.");

    public static final ConfigKey<Boolean> CREATE_TREE = ConfigKey.bool(
            "egret.statemgr.zk.create.tree",
            true,
            "Create the root and its families if missing. Set false where an operator pre-creates them (ACLs).");
}
