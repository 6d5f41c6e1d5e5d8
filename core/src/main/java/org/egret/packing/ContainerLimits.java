package org.egret.packing;

import java.util.Optional;
import org.egret.config.EgretConfig;
import org.egret.proto.Resources;

/**
 * The size rules of one container: the padding every container carries for its own daemons, the
 * largest container the cluster grants, and the rounding the cluster applies to requests.
 *
 * <p>Fitting is decided on the rounded request (what the scheduler will actually ask for), so a plan
 * that passes here is never refused by the cluster manager for size.
 */
final class ContainerLimits {
    private final Footprint padding;
    private final long maxRamMb;
    private final int maxCpu;
    private final long maxDiskMb;
    private final long ramStepMb;

    ContainerLimits(EgretConfig config) {
        padding = new Footprint(
                config.get(PackingKeys.PADDING_RAM_MB),
                Footprint.cpuMillis(config.get(PackingKeys.PADDING_CPU)),
                config.get(PackingKeys.PADDING_DISK_MB));
        maxRamMb = config.get(PackingKeys.MAX_CONTAINER_RAM_MB);
        maxCpu = config.get(PackingKeys.MAX_CONTAINER_CPU);
        maxDiskMb = config.get(PackingKeys.MAX_CONTAINER_DISK_MB);
        ramStepMb = config.get(PackingKeys.RAM_STEP_MB);
    }

    Footprint padding() {
        return padding;
    }

    /**
     * What the instances of one container may use together. Memory is capped at the largest multiple of
     * the step not above the maximum, since any more would round past the maximum.
     */
    Footprint usable() {
        long ram = maxRamMb / ramStepMb * ramStepMb;
        return new Footprint(ram - padding.ramMb(), maxCpu * 1000L - padding.cpuMillis(), maxDiskMb - padding.diskMb());
    }

    /** The container's reservation: instances plus padding, memory rounded to the step, CPU to whole cores. */
    Resources required(Footprint instances) {
        Footprint total = instances.plus(padding);
        long ram = ceilDiv(total.ramMb(), ramStepMb) * ramStepMb;
        long cores = ceilDiv(total.cpuMillis(), 1000);
        return Resources.newBuilder()
                .setRamMb(ram)
                .setCpu(cores)
                .setDiskMb(total.diskMb())
                .build();
    }

    /** Why a container holding these instances would exceed the maximum; empty when it fits. */
    Optional<String> overflow(int containerId, Footprint instances) {
        Resources need = required(instances);
        if (need.getRamMb() > maxRamMb) {
            return Optional.of("container " + containerId + " needs " + need.getRamMb() + " MB of RAM (instances "
                    + instances.ramMb() + " + padding " + padding.ramMb() + ", rounded up to a multiple of "
                    + ramStepMb + ") but a container may have at most " + maxRamMb + " MB ("
                    + PackingKeys.MAX_CONTAINER_RAM_MB.name() + ")");
        }
        if (need.getCpu() > maxCpu) {
            return Optional.of("container " + containerId + " needs " + (long) need.getCpu() + " cores (instances "
                    + Footprint.cores(instances.cpuMillis()) + " + padding " + Footprint.cores(padding.cpuMillis())
                    + ", rounded up to whole cores) but a container may have at most " + maxCpu + " ("
                    + PackingKeys.MAX_CONTAINER_CPU.name() + ")");
        }
        if (need.getDiskMb() > maxDiskMb) {
            return Optional.of("container " + containerId + " needs " + need.getDiskMb() + " MB of disk (instances "
                    + instances.diskMb() + " + padding " + padding.diskMb() + ") but a container may have at most "
                    + maxDiskMb + " MB (" + PackingKeys.MAX_CONTAINER_DISK_MB.name() + ")");
        }
        return Optional.empty();
    }

    /** Why one instance of a component cannot fit even an empty container; empty when it can. */
    Optional<String> instanceOverflow(String component, Resources resources, Footprint one) {
        Footprint usable = usable();
        String prefix = "component '" + component + "' needs ";
        if (one.ramMb() > usable.ramMb()) {
            return Optional.of(prefix + one.ramMb() + " MB per instance (heap " + resources.getRamMb() + " + off-heap "
                    + resources.getOffheapMb() + " + JVM overhead "
                    + (one.ramMb() - resources.getRamMb() - resources.getOffheapMb())
                    + ") but a container may hold at most " + usable.ramMb()
                    + " MB of instances (" + PackingKeys.MAX_CONTAINER_RAM_MB.name() + " " + maxRamMb
                    + stepNote() + " minus " + PackingKeys.PADDING_RAM_MB.name() + " " + padding.ramMb() + ")");
        }
        if (one.cpuMillis() > usable.cpuMillis()) {
            return Optional.of(prefix + Footprint.cores(one.cpuMillis())
                    + " cores per instance but a container may hold"
                    + " at most " + Footprint.cores(usable.cpuMillis()) + " cores of instances ("
                    + PackingKeys.MAX_CONTAINER_CPU.name() + " " + maxCpu + " minus " + PackingKeys.PADDING_CPU.name()
                    + " " + Footprint.cores(padding.cpuMillis()) + ")");
        }
        if (one.diskMb() > usable.diskMb()) {
            return Optional.of(prefix + one.diskMb() + " MB of disk per instance but a container may hold at most "
                    + usable.diskMb() + " MB of instances (" + PackingKeys.MAX_CONTAINER_DISK_MB.name() + " "
                    + maxDiskMb
                    + " minus " + PackingKeys.PADDING_DISK_MB.name() + " " + padding.diskMb() + ")");
        }
        return Optional.empty();
    }

    private String stepNote() {
        long usableRam = maxRamMb / ramStepMb * ramStepMb;
        return usableRam == maxRamMb ? "" : " (" + usableRam + " in steps of " + ramStepMb + " MB)";
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
