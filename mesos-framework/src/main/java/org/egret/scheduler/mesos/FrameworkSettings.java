package org.egret.scheduler.mesos;

import java.net.URI;
import java.time.Duration;
import org.egret.config.EgretConfig;
import org.egret.scheduler.SchedulerKeys;

/** The framework-level settings, read once from Egret's configuration. */
public record FrameworkSettings(
        URI master,
        String name,
        String role,
        String principal,
        String user,
        Duration failoverTimeout,
        int maxAttempts,
        int refuseSeconds,
        Duration killTimeout,
        Duration reconcileGrace,
        int containerPorts,
        AgentHealth.Policy agentHealth) {

    public static FrameworkSettings from(EgretConfig config, String topology) {
        String user = config.get(MesosKeys.USER);
        return new FrameworkSettings(
                URI.create(config.get(MesosKeys.MASTER)),
                config.get(MesosKeys.FRAMEWORK_NAME) + "-" + topology,
                config.get(MesosKeys.ROLE),
                config.get(MesosKeys.PRINCIPAL),
                user.isEmpty() ? System.getProperty("user.name") : user,
                Duration.ofSeconds(config.get(MesosKeys.FAILOVER_TIMEOUT_S)),
                config.get(MesosKeys.MAX_ATTEMPTS),
                config.get(MesosKeys.REFUSE_SECONDS),
                Duration.ofMillis(config.get(SchedulerKeys.KILL_TIMEOUT_MS)),
                Duration.ofMillis(config.get(MesosKeys.RECONCILE_GRACE_MS)),
                config.get(MesosKeys.CONTAINER_PORTS),
                AgentHealth.Policy.from(config));
    }
}
