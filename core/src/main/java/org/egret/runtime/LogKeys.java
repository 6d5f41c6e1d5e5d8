package org.egret.runtime;

import org.egret.config.ConfigKey;

/** Where a container's processes log and how much disk their logs may take. */
public final class LogKeys {
    private LogKeys() {}

    public static final ConfigKey<String> CONTAINER_LOG_DIR = ConfigKey.string(
            "egret.container.log.dir",
            "",
            "The directory every process of a container logs into (logs, rolled logs and captured stdout/stderr)."
                    + " Empty: <container-dir>/logs. The YARN scheduler sets it to the container's YARN log directory so"
                    + " that log aggregation and `yarn logs` collect every process.");

    public static final ConfigKey<Long> LOG_MAX_BYTES = ConfigKey.longKey(
            "egret.log.max.bytes",
            64L * 1024 * 1024,
            64 * 1024,
            Long.MAX_VALUE / 2,
            "Size at which a process's log file is rolled over; a line is never split across two files.");

    public static final ConfigKey<Integer> LOG_MAX_FILES = ConfigKey.integer(
            "egret.log.max.files",
            5,
            2,
            1000,
            "Files kept per process log, the live one included; the oldest rolled file is deleted beyond that, so a"
                    + " process's log takes at most egret.log.max.bytes x this (plus one line).");

    public static final ConfigKey<Long> OUT_MAX_BYTES = ConfigKey.longKey(
            "egret.out.max.bytes",
            16L * 1024 * 1024,
            4 * 1024,
            Long.MAX_VALUE / 2,
            "Size at which the captured stdout/stderr of a supervised process (its .out file) is rolled over.");

    public static final ConfigKey<Integer> OUT_MAX_FILES =
            ConfigKey.integer("egret.out.max.files", 3, 1, 1000, "Files kept per .out file, the live one included.");
}
