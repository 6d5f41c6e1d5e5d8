package org.egret.scheduler;

import java.util.List;
import org.egret.config.ConfigKey;

public final class SchedulerKeys {
  private SchedulerKeys() {
  }

  public static final ConfigKey<String> TYPE = ConfigKey.oneOf("egret.scheduler.type", "local",
      List.of("local", "yarn", "mesos"), "Which scheduler runs the topology's containers.");

  public static final ConfigKey<Integer> START_TIMEOUT_MS = ConfigKey.integer("egret.scheduler.start.timeout.ms",
      60000, 1000, 3600000, "How long submit waits for the scheduler to come up and publish its location.");

  public static final ConfigKey<Integer> KILL_TIMEOUT_MS = ConfigKey.integer("egret.scheduler.kill.timeout.ms",
      60000, 1000, 3600000, "How long kill waits for every container to stop.");

  public static final ConfigKey<Integer> CONTAINER0_RAM_MB = ConfigKey.integer("egret.container0.ram.mb",
      512, 128, 1 << 20, "Memory reserved for container 0 (Topology Master and its Metrics Manager).");

  public static final ConfigKey<Double> CONTAINER0_CPU = ConfigKey.decimal("egret.container0.cpu",
      1.0, 0.1, 1024, "Cores reserved for container 0.");
}
