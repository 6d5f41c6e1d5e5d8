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

  // YARN (egret.scheduler.type: yarn; the scheduler is an ApplicationMaster in module yarn-am). The
  // Hadoop configuration directory is the uploader's egret.uploader.hadoop.conf.dir, and both
  // packages live under the uploader's egret.uploader.hdfs.dir/<topology>/.
  public static final ConfigKey<String> YARN_QUEUE = ConfigKey.string("egret.yarn.queue", "default",
      "YARN queue the topology's application is submitted to; a queue the ResourceManager does not know fails the submit.");

  public static final ConfigKey<Integer> YARN_AM_RAM_MB = ConfigKey.integer("egret.yarn.am.ram.mb", 512, 128, 1 << 20,
      "Memory of the ApplicationMaster's container; its JVM heap is egret.yarn.am.heap.mb.");

  public static final ConfigKey<Integer> YARN_AM_HEAP_MB = ConfigKey.integer("egret.yarn.am.heap.mb", 192, 32, 1 << 20,
      "Heap (-Xmx) of the ApplicationMaster JVM; must leave room below egret.yarn.am.ram.mb.");

  public static final ConfigKey<Integer> YARN_AM_VCORES = ConfigKey.integer("egret.yarn.am.vcores", 1, 1, 1024,
      "Virtual cores of the ApplicationMaster's container.");

  public static final ConfigKey<Integer> YARN_AM_ATTEMPTS = ConfigKey.integer("egret.yarn.am.attempts", 4, 1, 1000,
      "How many ApplicationMaster attempts YARN makes (capped by yarn.resourcemanager.am.max-attempts); "
          + "a new attempt re-adopts the running containers.");

  public static final ConfigKey<Long> YARN_ATTEMPT_FAILURES_INTERVAL_MS = ConfigKey.longKey(
      "egret.yarn.am.attempt.failures.validity.ms", 600_000, -1, Long.MAX_VALUE,
      "Only AM failures within this window count towards egret.yarn.am.attempts, so a long-running "
          + "topology survives occasional AM crashes; -1 counts every failure.");

  public static final ConfigKey<String> YARN_CORE_PACKAGE = ConfigKey.string("egret.yarn.core.package", "",
      "The Egret core package (a tar or tar.gz of bin/, conf/, lib/) YARN localizes for the AM and every "
          + "container. Empty: built at submit from this installation (egret.home, the cluster's conf "
          + "directory and the Hadoop configuration) and uploaded beside the topology package.");

  public static final ConfigKey<Integer> YARN_REQUEST_PRIORITY = ConfigKey.integer("egret.yarn.container.priority",
      1, 0, 1 << 20, "Priority of the AM's container requests within the application.");

  // ---- Mesos framework (mesos-framework module; see conf/mesos/scheduler.yaml) ----

  public static final ConfigKey<String> MESOS_MASTER = ConfigKey.string("egret.mesos.master.url", "",
      "Base URL of a Mesos master, e.g. http://master1:5050 (any master: a non-leading one redirects to the"
      + " leader). Required for egret.scheduler.type mesos.");

  public static final ConfigKey<String> MESOS_FRAMEWORK_NAME = ConfigKey.string("egret.mesos.framework.name",
      "egret", "Framework name shown by the master; the topology name is appended.");

  public static final ConfigKey<String> MESOS_ROLE = ConfigKey.string("egret.mesos.role", "*",
      "Mesos role the framework subscribes with and whose offers it accepts.");

  public static final ConfigKey<String> MESOS_PRINCIPAL = ConfigKey.string("egret.mesos.principal", "",
      "Principal in FrameworkInfo (empty: none).");

  public static final ConfigKey<String> MESOS_USER = ConfigKey.string("egret.mesos.user", "",
      "User tasks run as on the agents (empty: the submitting user).");

  public static final ConfigKey<Integer> MESOS_FAILOVER_TIMEOUT_S = ConfigKey.integer(
      "egret.mesos.failover.timeout.s", 86400, 0, 365 * 86400,
      "How long the master keeps the topology's tasks after the scheduler disconnects.");

  public static final ConfigKey<Integer> MESOS_MAX_ATTEMPTS = ConfigKey.integer("egret.mesos.max.attempts", 5, 1,
      1000, "Launches of one container (first included) before the topology is marked failed.");

  public static final ConfigKey<Integer> MESOS_REFUSE_SECONDS = ConfigKey.integer("egret.mesos.refuse.seconds",
      30, 0, 86400, "Filter sent with declined offers: the master holds those resources back this long.");

  public static final ConfigKey<Integer> MESOS_AGENT_MAX_FAILURES = ConfigKey.integer(
      "egret.mesos.agent.max.failures", 3, 0, 1000,
      "Container failures on one agent within egret.mesos.agent.failure.window.seconds after which its offers are "
          + "declined for egret.mesos.agent.decline.seconds, unless every agent is in that state; 0: never.");

  public static final ConfigKey<Integer> MESOS_AGENT_FAILURE_WINDOW_S = ConfigKey.integer(
      "egret.mesos.agent.failure.window.seconds", 300, 1, 86400,
      "The window in which egret.mesos.agent.max.failures container failures on one agent make it declined.");

  public static final ConfigKey<Integer> MESOS_AGENT_DECLINE_S = ConfigKey.integer(
      "egret.mesos.agent.decline.seconds", 600, 1, 86400,
      "How long the offers of an agent where containers keep failing are declined (and its refuse filter).");

  public static final ConfigKey<String> MESOS_CORE_PACKAGE_URI = ConfigKey.string(
      "egret.mesos.core.package.uri", "",
      "URI of Egret's distribution tarball (bin, lib, conf) that agents fetch; empty: <egret home>.tar.gz.");

  public static final ConfigKey<String> MESOS_JAVA_HOME = ConfigKey.string("egret.mesos.java.home", "",
      "Java installation on the agents; empty: the agent's JAVA_HOME.");

  public static final ConfigKey<Integer> MESOS_CONTAINER_PORTS = ConfigKey.integer(
      "egret.mesos.container.ports", 4, 0, 100, "Ports taken from the offer for each container.");

  public static final ConfigKey<Integer> MESOS_RECONCILE_GRACE_MS = ConfigKey.integer(
      "egret.mesos.reconcile.grace.ms", 3000, 0, 600000,
      "After a scheduler restart, how long to wait for reconciliation before relaunching unknown containers.");

  public static final ConfigKey<Integer> UPDATE_TIMEOUT_MS = ConfigKey.integer("egret.scheduler.update.timeout.ms",
      180000, 1000, 3600000, "How long an update may take to get its new containers running and the new "
          + "physical plan published before it is rolled back to the previous plan. egret update sends its own "
          + "value with each update; the scheduler's is used when a request carries none.");

  public static final ConfigKey<String> LOCAL_CONTAINER_FIRST_HOST = ConfigKey.string(
      "egret.local.container.first.host", "",
      "Local cluster: an IPv4 address such as 127.0.0.10 gives container N the address N above it (container 0"
      + " 127.0.0.10, container 1 127.0.0.11, ...) to bind, advertise and connect from, so one machine shows"
      + " what many hosts would (Linux routes all of 127.0.0.0/8 to loopback). Empty: every container uses"
      + " egret.host.");

  public static final ConfigKey<List<String>> LOCAL_CONTAINER_LAUNCHER = ConfigKey.stringList(
      "egret.local.container.launcher", List.of(),
      "Local cluster: a command each container's executor is started through, {container} replaced by the"
      + " container index (comma-separated words), e.g. a script that enters a network namespace of the"
      + " container's own, so that one machine holds hosts with their own network, 127.0.0.1 and hostname"
      + " (tests). The per-container addresses then belong to those namespaces. Empty: started directly.");

  public static final ConfigKey<Integer> LOCAL_CAPACITY_RAM_MB = ConfigKey.integer("egret.local.capacity.ram.mb",
      0, 0, Integer.MAX_VALUE, "Memory the local cluster may reserve for one topology's containers together "
          + "(container 0 included); a plan that needs more is refused. 0 means this host's physical memory.");

  public static final ConfigKey<String> TRACKER_URL = ConfigKey.string("egret.tracker.url", "",
      "Base URL of the Egret Tracker serving this cluster (e.g. http://tracker-host:8888). YARN shows "
          + "<url>/topology?name=<topology> as the application's tracking URL; empty: the ApplicationMaster "
          + "serves a status page of its own.");
}
