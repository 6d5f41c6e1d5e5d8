package org.egret.scheduler.yarn;

import org.egret.config.ConfigKey;

/**
 * The YARN scheduler's keys (egret.scheduler.type: yarn; the scheduler is an ApplicationMaster). The
 * Hadoop configuration directory is the HDFS module's egret.uploader.hadoop.conf.dir, and both
 * packages live under egret.uploader.hdfs.dir/<topology>/.
 */
public final class YarnKeys {
    private YarnKeys() {}

    public static final ConfigKey<String> QUEUE = ConfigKey.string(
            "egret.yarn.queue",
            "default",
            "YARN queue the topology's application is submitted to; a queue the ResourceManager does not know fails the submit.");

    public static final ConfigKey<Integer> AM_RAM_MB = ConfigKey.integer(
            "egret.yarn.am.ram.mb",
            512,
            128,
            1 << 20,
            "Memory of the ApplicationMaster's container; its JVM heap is egret.yarn.am.heap.mb.");

    public static final ConfigKey<Integer> AM_HEAP_MB = ConfigKey.integer(
            "egret.yarn.am.heap.mb",
            192,
            32,
            1 << 20,
            "Heap (-Xmx) of the ApplicationMaster JVM; must leave room below egret.yarn.am.ram.mb.");

    public static final ConfigKey<Integer> AM_VCORES = ConfigKey.integer(
            "egret.yarn.am.vcores", 1, 1, 1024, "Virtual cores of the ApplicationMaster's container.");

    public static final ConfigKey<Integer> AM_ATTEMPTS = ConfigKey.integer(
            "egret.yarn.am.attempts",
            4,
            1,
            1000,
            "How many ApplicationMaster attempts YARN makes (capped by yarn.resourcemanager.am.max-attempts); "
                    + "a new attempt re-adopts the running containers.");

    public static final ConfigKey<Long> ATTEMPT_FAILURES_INTERVAL_MS = ConfigKey.longKey(
            "egret.yarn.am.attempt.failures.validity.ms",
            600_000,
            -1,
            Long.MAX_VALUE,
            "Only AM failures within this window count towards egret.yarn.am.attempts, so a long-running "
                    + "topology survives occasional AM crashes; -1 counts every failure.");

    public static final ConfigKey<String> CORE_PACKAGE = ConfigKey.string(
            "egret.yarn.core.package",
            "",
            "The Egret core package (a tar or tar.gz of bin/, conf/, lib/) YARN localizes for the AM and every "
                    + "container. Empty: built at submit from this installation (egret.home, the cluster's conf "
                    + "directory and the Hadoop configuration) and uploaded beside the topology package.");

    public static final ConfigKey<Integer> REQUEST_PRIORITY = ConfigKey.integer(
            "egret.yarn.container.priority",
            1,
            0,
            1 << 20,
            "Priority of the AM's container requests within the application.");
}
