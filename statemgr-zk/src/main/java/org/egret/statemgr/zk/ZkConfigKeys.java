package org.egret.statemgr.zk;

import java.util.List;
import org.egret.config.ConfigKeyHolders;

/** Registers the ZooKeeper state manager's keys wherever this module is on the class path. */
public final class ZkConfigKeys implements ConfigKeyHolders {
    @Override
    public List<Class<?>> holders() {
        return List.of(ZkKeys.class, ZkAuthKeys.class);
    }
}
