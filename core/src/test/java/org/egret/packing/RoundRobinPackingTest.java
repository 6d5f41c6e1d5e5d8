package org.egret.packing;

import static org.egret.packing.TestTopologies.component;
import static org.egret.packing.TestTopologies.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.egret.config.EgretConfig;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.Topology;
import org.junit.jupiter.api.Test;

class RoundRobinPackingTest {
    private final RoundRobinPacking packing = new RoundRobinPacking();

    private static List<Integer> taskIds(ContainerPlan c) {
        return c.getInstancesList().stream().map(InstancePlan::getTaskId).toList();
    }

    @Test
    void dealsTasksInIdOrderOverRequestedContainers() {
        Topology t = topology("t")
                .addComponents(component("b", 2))
                .addComponents(component("a", 3))
                .setRequestedContainers(2)
                .build();

        PackingPlan plan = packing.pack(t, EgretConfig.defaults());

        assertEquals("t-id", plan.getTopologyId());
        assertEquals("round-robin", plan.getAlgorithm());
        assertEquals(2, plan.getContainersCount());
        assertEquals(1, plan.getContainers(0).getId());
        assertEquals(2, plan.getContainers(1).getId());
        assertEquals(List.of(1, 3, 5), taskIds(plan.getContainers(0)));
        assertEquals(List.of(2, 4), taskIds(plan.getContainers(1)));

        InstancePlan last = plan.getContainers(0).getInstances(2);
        assertEquals("b", last.getComponent());
        assertEquals(5, last.getTaskId());
        assertEquals(1, last.getComponentIndex());
    }

    @Test
    void containersKeyOverridesTopologyWorkers() {
        Topology t = topology("t")
                .addComponents(component("a", 6))
                .setRequestedContainers(2)
                .build();
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.CONTAINERS, 3);

        PackingPlan plan = packing.pack(t, config);

        assertEquals(3, plan.getContainersCount());
        assertEquals(List.of(1, 4), taskIds(plan.getContainers(0)));
        assertEquals(List.of(2, 5), taskIds(plan.getContainers(1)));
        assertEquals(List.of(3, 6), taskIds(plan.getContainers(2)));
    }

    @Test
    void oneContainerWhenNothingIsRequested() {
        Topology t = topology("t").addComponents(component("a", 4)).build();

        PackingPlan plan = packing.pack(t, EgretConfig.defaults());

        assertEquals(1, plan.getContainersCount());
        assertEquals(1, plan.getContainers(0).getId());
        assertEquals(List.of(1, 2, 3, 4), taskIds(plan.getContainers(0)));
    }

    @Test
    void neverMoreContainersThanInstances() {
        Topology t = topology("t")
                .addComponents(component("a", 2))
                .addComponents(component("b", 1))
                .setRequestedContainers(10)
                .build();

        PackingPlan plan = packing.pack(t, EgretConfig.defaults());

        assertEquals(3, plan.getContainersCount());
        for (ContainerPlan c : plan.getContainersList()) {
            assertEquals(1, c.getInstancesCount());
        }
    }

    @Test
    void containerCountRule() {
        Topology requested = topology("t").setRequestedContainers(4).build();
        Topology unset = topology("t").build();
        EgretConfig defaults = EgretConfig.defaults();

        assertEquals(4, RoundRobinPacking.containerCount(requested, defaults, 100));
        assertEquals(7, RoundRobinPacking.containerCount(requested, defaults.with(PackingKeys.CONTAINERS, 7), 100));
        assertEquals(1, RoundRobinPacking.containerCount(unset, defaults, 100));
        assertEquals(3, RoundRobinPacking.containerCount(requested, defaults, 3));
    }

    @Test
    void containerOverMaximumFailsWithAdvice() {
        // 4 x (500 heap + 64 overhead) = 2256, + 512 padding = 2768, rounded to 128 = 2816 > 2048.
        Topology t = topology("t").addComponents(component("fat", 4, 500, 0.1)).build();
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.MAX_CONTAINER_RAM_MB, 2048);

        PackingException e = assertThrows(PackingException.class, () -> packing.pack(t, config));

        assertEquals(
                "container 1 needs 2816 MB of RAM (instances 2256 + padding 512, rounded up to a multiple of 128)"
                        + " but a container may have at most 2048 MB (egret.packing.container.max.ram.mb); use more containers"
                        + " (egret.packing.containers or topology.workers, now 1), first-fit-decreasing packing, or a larger"
                        + " maximum",
                e.getMessage());
    }

    @Test
    void sameTopologyFitsWhenSpreadOverMoreContainers() {
        Topology t = topology("t").addComponents(component("fat", 4, 500, 0.1)).build();
        EgretConfig config = EgretConfig.defaults()
                .with(PackingKeys.MAX_CONTAINER_RAM_MB, 2048)
                .with(PackingKeys.CONTAINERS, 2);

        PackingPlan plan = packing.pack(t, config);

        // 2 x 564 + 512 = 1640 -> 1664
        assertEquals(1664, plan.getContainers(0).getRequired().getRamMb());
        assertEquals(1664, plan.getContainers(1).getRequired().getRamMb());
    }

    @Test
    void containerOverCpuMaximumFails() {
        // 3 x 3 cores + 0.5 padding = 9.5 -> 10 cores > 8
        Topology t = topology("t").addComponents(component("hot", 3, 128, 3.0)).build();

        PackingException e = assertThrows(PackingException.class, () -> packing.pack(t, EgretConfig.defaults()));

        assertTrue(
                e.getMessage()
                        .startsWith("container 1 needs 10 cores (instances 9 + padding 0.5, rounded up to"
                                + " whole cores) but a container may have at most 8 (egret.packing.container.max.cpu)"),
                e.getMessage());
    }

    @Test
    void containerOverDiskMaximumFails() {
        // 3 x 1024 + 1024 padding = 4096 > 4000
        Topology t = topology("t").addComponents(component("a", 3)).build();
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.MAX_CONTAINER_DISK_MB, 4000);

        PackingException e = assertThrows(PackingException.class, () -> packing.pack(t, config));

        assertTrue(
                e.getMessage()
                        .startsWith("container 1 needs 4096 MB of disk (instances 3072 + padding 1024)"
                                + " but a container may have at most 4000 MB (egret.packing.container.max.disk.mb)"),
                e.getMessage());
    }
}
