package org.egret.statemgr.memory;

import java.util.List;
import org.egret.config.ConfigKeyHolders;

/** Registers the in-memory state manager's keys wherever this module is on the class path. */
public final class MemoryConfigKeys implements ConfigKeyHolders {
    @Override
    public List<Class<?>> holders() {
        return List.of(MemoryKeys.class);
    }
}
