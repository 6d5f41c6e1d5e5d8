package org.egret.statemgr;

import org.egret.config.ConfigKey;
import org.egret.plugin.Plugins;

/** Egret config keys of the state managers, declared once (see ConfigKey). */
public final class StateMgrKeys {
    private StateMgrKeys() {}

    public static final ConfigKey<String> TYPE = ConfigKey.oneOf(
            "egret.statemgr.type",
            "local",
            () -> Plugins.types(StateManager.class),
            "Which state manager holds topology state: local (files under "
                    + "egret.statemgr.root, one host), or any installed one, such as zookeeper from its module.");

    public static final ConfigKey<String> ROOT = ConfigKey.string(
            "egret.statemgr.root",
            System.getProperty("user.home") + "/.egret/state",
            "Root directory of the local state manager's tree (the ZooKeeper one uses egret.statemgr.zk.root).");

    // The TM's lease is the local state manager's: ZooKeeper holds the TM's entry as long as its session.
    public static final ConfigKey<Long> TMASTER_LEASE_MS = ConfigKey.longKey(
            "egret.tmaster.lease.ms",
            10000,
            300,
            3600000,
            "How long the TM's entry in the local state manager stays valid without renewal; renewed every"
                    + " third of it.");

    public static final ConfigKey<Long> LOCAL_POLL_MS = ConfigKey.longKey(
            "egret.statemgr.local.poll.ms",
            200,
            10,
            60000,
            "How often the local state manager re-reads a watched file (files cannot be watched portably).");
}
