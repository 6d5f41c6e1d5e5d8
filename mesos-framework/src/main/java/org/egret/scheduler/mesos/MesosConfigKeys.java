package org.egret.scheduler.mesos;

import java.util.List;
import org.egret.config.ConfigKeyHolders;

/** Registers the Mesos framework's keys wherever this module is on the class path. */
public final class MesosConfigKeys implements ConfigKeyHolders {
    @Override
    public List<Class<?>> holders() {
        return List.of(MesosKeys.class);
    }
}
