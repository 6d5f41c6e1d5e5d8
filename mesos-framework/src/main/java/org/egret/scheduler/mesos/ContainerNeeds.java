package org.egret.scheduler.mesos;

import java.util.Map;
import java.util.TreeMap;
import org.egret.config.EgretConfig;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;
import org.egret.scheduler.SchedulerKeys;

/** Turns the packing plan (and container 0's own keys) into what each container asks offers for. */
public final class ContainerNeeds {
    private ContainerNeeds() {}

    public static Map<Integer, ContainerNeed> of(PackingPlan plan, EgretConfig config) {
        int ports = config.get(MesosKeys.CONTAINER_PORTS);
        Map<Integer, ContainerNeed> needs = new TreeMap<>();
        // container 0 is outside the plan; its disk holds the same package as any bin's, so it asks for the smallest
        // bin's
        long disk0 = plan.getContainersList().stream()
                .mapToLong(c -> c.getRequired().getDiskMb())
                .min()
                .orElse(0);
        needs.put(
                0,
                new ContainerNeed(
                        0,
                        config.get(SchedulerKeys.CONTAINER0_CPU),
                        config.get(SchedulerKeys.CONTAINER0_RAM_MB),
                        disk0,
                        ports));
        for (ContainerPlan c : plan.getContainersList()) {
            needs.put(c.getId(), of(c, ports));
        }
        return needs;
    }

    /** One bin of the plan, e.g. a container an update adds. */
    public static ContainerNeed of(ContainerPlan c, int ports) {
        return new ContainerNeed(
                c.getId(),
                c.getRequired().getCpu(),
                c.getRequired().getRamMb(),
                c.getRequired().getDiskMb(),
                ports);
    }
}
