package org.egret.scheduler.yarn;

import java.util.List;
import org.egret.config.ConfigKeyHolders;

/** Registers the YARN scheduler's keys wherever this module is on the class path. */
public final class YarnConfigKeys implements ConfigKeyHolders {
    @Override
    public List<Class<?>> holders() {
        return List.of(YarnKeys.class);
    }
}
