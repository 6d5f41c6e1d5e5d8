package org.egret.cli;

import java.util.List;
import org.egret.config.CommonKeys;
import org.egret.config.ConfigKeyHolders;
import org.egret.config.InstanceKeys;
import org.egret.executor.ExecutorKeys;
import org.egret.metricsmgr.MetricsMgrKeys;
import org.egret.net.TransportKeys;
import org.egret.net.auth.AuthKeys;
import org.egret.packing.PackingKeys;
import org.egret.runtime.LogKeys;
import org.egret.scheduler.ContainerFailureKeys;
import org.egret.scheduler.SchedulerKeys;
import org.egret.statemgr.StateMgrKeys;
import org.egret.stmgr.StMgrKeys;
import org.egret.tmaster.TMasterKeys;
import org.egret.uploader.UploaderKeys;

/** The keys of core's roles; it sits with the CLI, the one package that may name every role. */
public final class CoreConfigKeys implements ConfigKeyHolders {
    @Override
    public List<Class<?>> holders() {
        return List.of(
                CommonKeys.class,
                LogKeys.class,
                PackingKeys.class,
                StateMgrKeys.class,
                UploaderKeys.class,
                SchedulerKeys.class,
                ContainerFailureKeys.class,
                ExecutorKeys.class,
                TMasterKeys.class,
                StMgrKeys.class,
                MetricsMgrKeys.class,
                InstanceKeys.class,
                TransportKeys.class,
                AuthKeys.class,
                SubmitKeys.class);
    }
}
