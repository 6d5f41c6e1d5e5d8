package org.egret.packing;

import org.egret.config.ConfigKey;
import org.egret.plugin.Plugins;

/**
 * Egret config keys of the packing role, declared once (see ConfigKey).
 *
 * <p>Per-instance defaults exist because Storm only sets resources when the user called
 * {@code setMemoryLoad}/{@code setCPULoad}; the instance defaults mirror Storm's own (128 MB on-heap,
 * 10% of a core). Storm has no disk setting at all, so disk always comes from here unless the logical
 * plan carries one. Container limits describe the largest container the cluster manager will grant.
 */
public final class PackingKeys {
    private PackingKeys() {}

    public static final String ROUND_ROBIN = "round-robin";
    public static final String FIRST_FIT_DECREASING = "first-fit-decreasing";

    public static final ConfigKey<String> ALGORITHM = ConfigKey.oneOf(
            "egret.packing.algorithm",
            ROUND_ROBIN,
            () -> Plugins.types(PackingAlgorithm.class),
            "How task instances are placed into containers: round-robin spreads them over a fixed number of "
                    + "containers; first-fit-decreasing uses as few containers as the maximum container size allows.");

    public static final ConfigKey<String> REPACKING = ConfigKey.oneOf(
            "egret.packing.repacking",
            ScalingRepacking.NAME,
            () -> Plugins.types(RepackingAlgorithm.class),
            "How update changes a running plan: scaling changes as little as possible (running containers keep "
                    + "their reservation; a component that shrinks loses its highest indexes; new instances go where "
                    + "there is room, else into new containers).");

    public static final ConfigKey<Integer> CONTAINERS = ConfigKey.integer(
            "egret.packing.containers",
            0,
            0,
            1_000_000,
            "Number of containers for round-robin packing; 0 means use topology.workers (or 1 when that is unset). "
                    + "Ignored by first-fit-decreasing.");

    public static final ConfigKey<Integer> INSTANCE_RAM_MB = ConfigKey.integer(
            "egret.packing.instance.ram.mb",
            128,
            1,
            1 << 20,
            "Heap (-Xmx) of a task whose component sets no on-heap memory.");

    public static final ConfigKey<Double> INSTANCE_CPU = ConfigKey.decimal(
            "egret.packing.instance.cpu",
            0.1,
            0.001,
            4096,
            "Cores reserved for a task whose component sets no CPU load.");

    public static final ConfigKey<Integer> INSTANCE_DISK_MB = ConfigKey.integer(
            "egret.packing.instance.disk.mb",
            1024,
            0,
            Integer.MAX_VALUE,
            "Disk reserved per task (Storm has no disk setting).");

    public static final ConfigKey<Integer> PADDING_RAM_MB = ConfigKey.integer(
            "egret.packing.container.padding.ram.mb",
            512,
            0,
            1 << 20,
            "Memory added to every container for its stream manager JVM and its executor JVM (which runs the metrics manager).");

    public static final ConfigKey<Double> PADDING_CPU = ConfigKey.decimal(
            "egret.packing.container.padding.cpu",
            0.5,
            0,
            4096,
            "Cores added to every container for its stream manager and its executor (with the metrics manager).");

    public static final ConfigKey<Integer> PADDING_DISK_MB = ConfigKey.integer(
            "egret.packing.container.padding.disk.mb",
            1024,
            0,
            Integer.MAX_VALUE,
            "Disk added to every container for the unpacked packages and logs.");

    public static final ConfigKey<Integer> RAM_STEP_MB = ConfigKey.integer(
            "egret.packing.ram.step.mb",
            128,
            1,
            1 << 20,
            "Container memory is rounded up to a multiple of this (YARN's minimum-allocation-mb), so what we "
                    + "plan for is what the cluster manager grants.");

    public static final ConfigKey<Integer> MAX_CONTAINER_RAM_MB = ConfigKey.integer(
            "egret.packing.container.max.ram.mb",
            8192,
            1,
            Integer.MAX_VALUE,
            "Largest container memory the cluster grants (YARN's maximum-allocation-mb), padding included.");

    public static final ConfigKey<Integer> MAX_CONTAINER_CPU = ConfigKey.integer(
            "egret.packing.container.max.cpu",
            8,
            1,
            1 << 16,
            "Largest number of whole cores (vcores) one container may have, padding included.");

    public static final ConfigKey<Integer> MAX_CONTAINER_DISK_MB = ConfigKey.integer(
            "egret.packing.container.max.disk.mb",
            102400,
            1,
            Integer.MAX_VALUE,
            "Largest disk one container may have, padding included.");
}
