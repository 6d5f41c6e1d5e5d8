package org.egret.scheduler.yarn;

import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.yarn.api.records.Resource;
import org.egret.config.EgretConfig;
import org.egret.packing.PackingKeys;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;
import org.egret.scheduler.SchedulerException;
import org.egret.scheduler.SchedulerKeys;

/**
 * What YARN is asked for per container index: container 0 (Topology Master) from its own keys,
 * 1..N exactly as the packing plan reserved them (memory already rounded to the allocation step,
 * CPU to whole cores, so the grant equals the plan). An update adds and removes bins; the
 * ApplicationMaster's scheduler guards an instance with its own lock.
 */
final class ContainerSizes {
    private final Map<Integer, Resource> sizes;

    private ContainerSizes(Map<Integer, Resource> sizes) {
        this.sizes = sizes;
    }

    static ContainerSizes of(PackingPlan plan, EgretConfig config) {
        Map<Integer, Resource> sizes = new TreeMap<>();
        long step = config.get(PackingKeys.RAM_STEP_MB);
        long tmRam = (config.get(SchedulerKeys.CONTAINER0_RAM_MB) + step - 1) / step * step;
        sizes.put(0, Resource.newInstance(tmRam, (int) Math.ceil(config.get(SchedulerKeys.CONTAINER0_CPU))));
        for (ContainerPlan c : plan.getContainersList()) {
            sizes.put(c.getId(), of(c));
        }
        return new ContainerSizes(sizes);
    }

    /** What one bin of a plan is asked for. */
    static Resource of(ContainerPlan c) {
        return Resource.newInstance(
                c.getRequired().getRamMb(), (int) Math.ceil(c.getRequired().getCpu()));
    }

    /** A bin an update adds. */
    void add(int index, Resource size) {
        sizes.put(index, size);
    }

    /** A bin an update removes (or an added one it gives up): no longer asked for, nor adopted after a restart. */
    void remove(int index) {
        sizes.remove(index);
    }

    Map<Integer, Resource> all() {
        return sizes;
    }

    Resource of(int index) {
        return sizes.get(index);
    }

    /** Fails, naming the container and both numbers, when YARN would refuse one of the requests. */
    void checkFits(Resource max, Resource am) throws SchedulerException {
        check("the ApplicationMaster (" + YarnKeys.AM_RAM_MB.name() + ", " + YarnKeys.AM_VCORES.name() + ")", am, max);
        for (Map.Entry<Integer, Resource> e : sizes.entrySet()) {
            String what = e.getKey() == 0
                    ? "container 0 (" + SchedulerKeys.CONTAINER0_RAM_MB.name() + ", "
                            + SchedulerKeys.CONTAINER0_CPU.name() + ")"
                    : "container " + e.getKey() + " of the packing plan";
            check(what, e.getValue(), max);
        }
    }

    /** Fails when YARN would refuse a bin an update adds (a refused request would end the AM's RM client). */
    static void checkFits(int index, Resource need, Resource max) throws SchedulerException {
        check("container " + index + " of the new packing plan", need, max);
    }

    private static void check(String what, Resource need, Resource max) throws SchedulerException {
        if (need.getMemorySize() > max.getMemorySize() || need.getVirtualCores() > max.getVirtualCores()) {
            throw new SchedulerException(what + " needs " + need.getMemorySize() + " MB and " + need.getVirtualCores()
                    + " vcores, but this YARN cluster grants at most " + max.getMemorySize() + " MB and "
                    + max.getVirtualCores() + " vcores per container (yarn.scheduler.maximum-allocation-mb/-vcores); "
                    + "lower the topology's resources or set " + PackingKeys.MAX_CONTAINER_RAM_MB.name() + " and "
                    + PackingKeys.MAX_CONTAINER_CPU.name() + " to the cluster's limits so packing splits it");
        }
    }
}
