package org.egret.statemgr;

import org.egret.config.EgretConfig;
import org.egret.plugin.Plugins;

/** Opens the state manager that {@link StateMgrKeys#TYPE} names. */
public final class StateManagers {
    private StateManagers() {}

    public static StateManager open(EgretConfig config) {
        return Plugins.open(StateManager.class, StateMgrKeys.TYPE, config);
    }
}
