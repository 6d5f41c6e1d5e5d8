package org.egret.scheduler.mesos;

import java.net.URI;
import java.time.Duration;
import org.egret.config.EgretConfig;
import org.egret.scheduler.SchedulerKeys;

/** The framework-level settings, read once from Egret's configuration. */
public record FrameworkSettings(URI master, String name, String role, String principal, String user,
    Duration failoverTimeout, int maxAttempts, int refuseSeconds, Duration killTimeout, Duration reconcileGrace,
    int containerPorts, AgentHealth.Policy agentHealth) {

  public static FrameworkSettings from(EgretConfig config, String topology) {
    String user = config.get(SchedulerKeys.MESOS_USER);
    return new FrameworkSettings(URI.create(config.get(SchedulerKeys.MESOS_MASTER)),
        config.get(SchedulerKeys.MESOS_FRAMEWORK_NAME) + "-" + topology,
        config.get(SchedulerKeys.MESOS_ROLE), config.get(SchedulerKeys.MESOS_PRINCIPAL),
        user.isEmpty() ? System.getProperty("user.name") : user,
        Duration.ofSeconds(config.get(SchedulerKeys.MESOS_FAILOVER_TIMEOUT_S)),
        config.get(SchedulerKeys.MESOS_MAX_ATTEMPTS), config.get(SchedulerKeys.MESOS_REFUSE_SECONDS),
        Duration.ofMillis(config.get(SchedulerKeys.KILL_TIMEOUT_MS)),
        Duration.ofMillis(config.get(SchedulerKeys.MESOS_RECONCILE_GRACE_MS)),
        config.get(SchedulerKeys.MESOS_CONTAINER_PORTS), AgentHealth.Policy.from(config));
  }
}
