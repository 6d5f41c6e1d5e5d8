package org.egret.packing;

import org.egret.config.EgretConfig;
import org.egret.config.InstanceKeys;
import org.egret.proto.Component;
import org.egret.proto.Resources;

/**
 * Resolves what each task instance of a component reserves.
 *
 * <p>A zero field in the logical plan means "the user set nothing" (proto3 cannot tell unset from 0),
 * so it takes the configured default. The instance's {@link Resources} keep the heap apart from the
 * off-heap memory because the executor starts the JVM with {@code -Xmx} = heap; the footprint adds both
 * and the declared JVM overhead, because that is what the process really occupies.
 */
final class InstanceResources {
    private final long defaultRamMb;
    private final double defaultCpu;
    private final long defaultDiskMb;
    private final long jvmOverheadMb;

    InstanceResources(EgretConfig config) {
        defaultRamMb = config.get(PackingKeys.INSTANCE_RAM_MB);
        defaultCpu = config.get(PackingKeys.INSTANCE_CPU);
        defaultDiskMb = config.get(PackingKeys.INSTANCE_DISK_MB);
        jvmOverheadMb = config.get(InstanceKeys.JVM_OVERHEAD_MB);
    }

    /** The resources one instance of the component gets, defaults filled in. */
    Resources of(Component component) {
        Resources r = component.getResources();
        if (r.getRamMb() < 0
                || r.getOffheapMb() < 0
                || r.getDiskMb() < 0
                || !(r.getCpu() >= 0)
                || Double.isInfinite(r.getCpu())) {
            throw new PackingException("component '" + component.getName() + "' has invalid resources: ram "
                    + r.getRamMb() + " MB, off-heap " + r.getOffheapMb() + " MB, cpu " + r.getCpu() + ", disk "
                    + r.getDiskMb() + " MB (none may be negative)");
        }
        return Resources.newBuilder()
                .setRamMb(r.getRamMb() > 0 ? r.getRamMb() : defaultRamMb)
                .setCpu(r.getCpu() > 0 ? r.getCpu() : defaultCpu)
                .setDiskMb(r.getDiskMb() > 0 ? r.getDiskMb() : defaultDiskMb)
                .setOffheapMb(r.getOffheapMb())
                .build();
    }

    /** What one instance with these (resolved) resources occupies in its container. */
    Footprint footprint(Resources resolved) {
        return new Footprint(
                resolved.getRamMb() + resolved.getOffheapMb() + jvmOverheadMb,
                Footprint.cpuMillis(resolved.getCpu()),
                resolved.getDiskMb());
    }
}
