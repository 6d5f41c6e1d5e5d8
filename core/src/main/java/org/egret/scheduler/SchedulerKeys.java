package org.egret.scheduler;

import java.util.List;
import org.egret.config.ConfigKey;
import org.egret.plugin.Plugins;

public final class SchedulerKeys {
    private SchedulerKeys() {}

    public static final ConfigKey<String> TYPE = ConfigKey.oneOf(
            "egret.scheduler.type",
            "local",
            () -> Plugins.types(Launcher.class),
            "Which scheduler runs the topology's containers: local (processes "
                    + "of this host), or any installed one, such as yarn or mesos from their modules.");

    public static final ConfigKey<Integer> START_TIMEOUT_MS = ConfigKey.integer(
            "egret.scheduler.start.timeout.ms",
            60000,
            1000,
            3600000,
            "How long submit waits for the scheduler to come up and publish its location.");

    public static final ConfigKey<Integer> KILL_TIMEOUT_MS = ConfigKey.integer(
            "egret.scheduler.kill.timeout.ms",
            60000,
            1000,
            3600000,
            "How long kill waits for every container to stop.");

    public static final ConfigKey<Integer> CONTAINER0_RAM_MB = ConfigKey.integer(
            "egret.container0.ram.mb",
            512,
            128,
            1 << 20,
            "Memory reserved for container 0 (Topology Master and its Metrics Manager).");

    public static final ConfigKey<Double> CONTAINER0_CPU =
            ConfigKey.decimal("egret.container0.cpu", 1.0, 0.1, 1024, "Cores reserved for container 0.");

    public static final ConfigKey<Integer> UPDATE_TIMEOUT_MS = ConfigKey.integer(
            "egret.scheduler.update.timeout.ms",
            180000,
            1000,
            3600000,
            "How long an update may take to get its new containers running and the new "
                    + "physical plan published before it is rolled back to the previous plan. egret update sends its own "
                    + "value with each update; the scheduler's is used when a request carries none.");

    public static final ConfigKey<String> LOCAL_CONTAINER_FIRST_HOST = ConfigKey.string(
            "egret.local.container.first.host",
            "",
            "Local cluster: an IPv4 address such as 127.0.0.10 gives container N the address N above it (container 0"
                    + " 127.0.0.10, container 1 127.0.0.11, ...) to bind, advertise and connect from, so one machine shows"
                    + " what many hosts would (Linux routes all of 127.0.0.0/8 to loopback). Empty: every container uses"
                    + " egret.host.");

    public static final ConfigKey<List<String>> LOCAL_CONTAINER_LAUNCHER = ConfigKey.stringList(
            "egret.local.container.launcher",
            List.of(),
            "Local cluster: a command each container's executor is started through, {container} replaced by the"
                    + " container index (comma-separated words), e.g. a script that enters a network namespace of the"
                    + " container's own, so that one machine holds hosts with their own network, 127.0.0.1 and hostname"
                    + " (tests). The per-container addresses then belong to those namespaces. Empty: started directly.");

    public static final ConfigKey<Integer> LOCAL_CAPACITY_RAM_MB = ConfigKey.integer(
            "egret.local.capacity.ram.mb",
            0,
            0,
            Integer.MAX_VALUE,
            "Memory the local cluster may reserve for one topology's containers together "
                    + "(container 0 included); a plan that needs more is refused. 0 means this host's physical memory.");

    public static final ConfigKey<String> TRACKER_URL = ConfigKey.string(
            "egret.tracker.url",
            "",
            "Base URL of the Egret Tracker serving this cluster (e.g. http://tracker-host:8888). YARN shows "
                    + "<url>/topology?name=<topology> as the application's tracking URL; empty: the ApplicationMaster "
                    + "serves a status page of its own.");
}
