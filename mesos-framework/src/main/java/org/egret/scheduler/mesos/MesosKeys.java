package org.egret.scheduler.mesos;

import org.egret.config.ConfigKey;

/** The Mesos framework's keys (egret.scheduler.type: mesos; see conf/mesos/scheduler.yaml). */
public final class MesosKeys {
    private MesosKeys() {}

    public static final ConfigKey<String> MASTER = ConfigKey.string(
            "egret.mesos.master.url",
            "",
            "Base URL of a Mesos master, e.g. http://master1:5050 (any master: a non-leading one redirects to the"
                    + " leader). Required for egret.scheduler.type mesos.");

    public static final ConfigKey<String> FRAMEWORK_NAME = ConfigKey.string(
            "egret.mesos.framework.name",
            "egret",
            "Framework name shown by the master; the topology name is appended.");

    public static final ConfigKey<String> ROLE = ConfigKey.string(
            "egret.mesos.role", "*", "Mesos role the framework subscribes with and whose offers it accepts.");

    public static final ConfigKey<String> PRINCIPAL =
            ConfigKey.string("egret.mesos.principal", "", "Principal in FrameworkInfo (empty: none).");

    public static final ConfigKey<String> USER =
            ConfigKey.string("egret.mesos.user", "", "User tasks run as on the agents (empty: the submitting user).");

    public static final ConfigKey<Integer> FAILOVER_TIMEOUT_S = ConfigKey.integer(
            "egret.mesos.failover.timeout.s",
            86400,
            0,
            365 * 86400,
            "How long the master keeps the topology's tasks after the scheduler disconnects.");

    public static final ConfigKey<Integer> MAX_ATTEMPTS = ConfigKey.integer(
            "egret.mesos.max.attempts",
            5,
            1,
            1000,
            "Launches of one container (first included) before the topology is marked failed.");

    public static final ConfigKey<Integer> REFUSE_SECONDS = ConfigKey.integer(
            "egret.mesos.refuse.seconds",
            30,
            0,
            86400,
            "Filter sent with declined offers: the master holds those resources back this long.");

    public static final ConfigKey<Integer> AGENT_MAX_FAILURES = ConfigKey.integer(
            "egret.mesos.agent.max.failures",
            3,
            0,
            1000,
            "Container failures on one agent within egret.mesos.agent.failure.window.seconds after which its offers are "
                    + "declined for egret.mesos.agent.decline.seconds, unless every agent is in that state; 0: never.");

    public static final ConfigKey<Integer> AGENT_FAILURE_WINDOW_S = ConfigKey.integer(
            "egret.mesos.agent.failure.window.seconds",
            300,
            1,
            86400,
            "The window in which egret.mesos.agent.max.failures container failures on one agent make it declined.");

    public static final ConfigKey<Integer> AGENT_DECLINE_S = ConfigKey.integer(
            "egret.mesos.agent.decline.seconds",
            600,
            1,
            86400,
            "How long the offers of an agent where containers keep failing are declined (and its refuse filter).");

    public static final ConfigKey<String> CORE_PACKAGE_URI = ConfigKey.string(
            "egret.mesos.core.package.uri",
            "",
            "URI of Egret's distribution tarball (bin, lib, conf) that agents fetch; empty: <egret home>.tar.gz.");

    public static final ConfigKey<String> JAVA_HOME = ConfigKey.string(
            "egret.mesos.java.home", "", "Java installation on the agents; empty: the agent's JAVA_HOME.");

    public static final ConfigKey<Integer> CONTAINER_PORTS = ConfigKey.integer(
            "egret.mesos.container.ports", 4, 0, 100, "Ports taken from the offer for each container.");

    public static final ConfigKey<Integer> RECONCILE_GRACE_MS = ConfigKey.integer(
            "egret.mesos.reconcile.grace.ms",
            3000,
            0,
            600000,
            "After a scheduler restart, how long to wait for reconciliation before relaunching unknown containers.");
}
