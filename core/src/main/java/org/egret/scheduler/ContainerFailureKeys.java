package org.egret.scheduler;

import org.egret.config.ConfigKey;

/** Keys of {@link ContainerFailurePolicy}: how schedulers replace containers that fail. */
public final class ContainerFailureKeys {
    private ContainerFailureKeys() {}

    public static final ConfigKey<Integer> MAX_FAILURES = ConfigKey.integer(
            "egret.scheduler.container.max.failures",
            10,
            1,
            100000,
            "Container failures (of any of the topology's containers) within "
                    + "egret.scheduler.container.failure.window.ms after which the scheduler stops replacing them and marks "
                    + "the topology FAILED with the reason (egret list shows it).");

    public static final ConfigKey<Long> FAILURE_WINDOW_MS = ConfigKey.longKey(
            "egret.scheduler.container.failure.window.ms",
            600000,
            1000,
            7L * 24 * 3600 * 1000,
            "The window in which container failures are counted against egret.scheduler.container.max.failures; also "
                    + "how long a node stays on YARN's blacklist after its last failure, and how long a container's re-request "
                    + "back-off is remembered.");

    public static final ConfigKey<Long> BACKOFF_MS = ConfigKey.longKey(
            "egret.scheduler.container.backoff.ms",
            1000,
            0,
            600000,
            "YARN: delay before a failed container is asked for again; doubles with each failure of that "
                    + "container within the window.");

    public static final ConfigKey<Long> BACKOFF_MAX_MS = ConfigKey.longKey(
            "egret.scheduler.container.backoff.max.ms",
            60000,
            0,
            3600000,
            "YARN: longest delay before a failed container is asked for again.");

    public static final ConfigKey<Integer> NODE_MAX_FAILURES = ConfigKey.integer(
            "egret.yarn.blacklist.node.failures",
            3,
            1,
            100000,
            "Container failures on one YARN node within the window after which the ApplicationMaster puts "
                    + "the node on the application's blacklist (AMRMClient.updateBlacklist) until the window passes without "
                    + "another failure there.");

    public static final ConfigKey<Double> BLACKLIST_MAX_FRACTION = ConfigKey.decimal(
            "egret.yarn.blacklist.max.fraction",
            0.33,
            0.0,
            1.0,
            "Largest share of the cluster's nodes the ApplicationMaster blacklists; it never blacklists "
                    + "the last node either, so the topology can always be placed somewhere.");
}
