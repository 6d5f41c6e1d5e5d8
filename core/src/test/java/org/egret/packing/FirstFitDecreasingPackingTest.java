package org.egret.packing;

import static org.egret.packing.TestTopologies.component;
import static org.egret.packing.TestTopologies.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.egret.config.EgretConfig;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.Resources;
import org.egret.proto.Topology;
import org.junit.jupiter.api.Test;

class FirstFitDecreasingPackingTest {
    private final FirstFitDecreasingPacking packing = new FirstFitDecreasingPacking();

    private static List<Integer> taskIds(ContainerPlan c) {
        return c.getInstancesList().stream().map(InstancePlan::getTaskId).toList();
    }

    @Test
    void largestFirstIntoFirstContainerWithRoom() {
        // usable RAM = 2048 - 512 = 1536; big = 1000 + 64 = 1064, small = 128 + 64 = 192.
        // big(1) -> c1, big(2) -> c2, small 3,4 -> c1 (1448), small 5 -> c2 (c1 would be 1640), small 6 -> c2.
        Topology t = topology("t")
                .addComponents(component("big", 2, 1000, 0.1))
                .addComponents(component("small", 4))
                .build();
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.MAX_CONTAINER_RAM_MB, 2048);

        PackingPlan plan = packing.pack(t, config);

        assertEquals("first-fit-decreasing", plan.getAlgorithm());
        assertEquals("t-id", plan.getTopologyId());
        assertEquals(2, plan.getContainersCount());
        assertEquals(1, plan.getContainers(0).getId());
        assertEquals(2, plan.getContainers(1).getId());
        assertEquals(List.of(1, 3, 4), taskIds(plan.getContainers(0)));
        assertEquals(List.of(2, 5, 6), taskIds(plan.getContainers(1)));
        // 1448 + 512 = 1960 -> 2048
        assertEquals(
                Resources.newBuilder().setRamMb(2048).setCpu(1).setDiskMb(4096).build(),
                plan.getContainers(0).getRequired());
    }

    @Test
    void largerInstancesArePlacedBeforeEarlierSmallerOnes() {
        // "a" has lower task ids but is smaller; sorted by size the 600 MB "z" tasks open the containers.
        // usable 1536: z(3)=664 -> c1, z(4)=664 -> c1 (1328), a(1)=192 -> c1 (1520), a(2) -> c2.
        Topology t = topology("t")
                .addComponents(component("a", 2))
                .addComponents(component("z", 2, 600, 0.1))
                .build();
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.MAX_CONTAINER_RAM_MB, 2048);

        PackingPlan plan = packing.pack(t, config);

        assertEquals(List.of(1, 3, 4), taskIds(plan.getContainers(0)));
        assertEquals(List.of(2), taskIds(plan.getContainers(1)));
    }

    @Test
    void cpuLimitsPlacementToo() {
        // usable CPU = 1 core - 0.5 padding = 0.5; 0.2 per instance -> two per container.
        Topology t = topology("t").addComponents(component("a", 6, 128, 0.2)).build();
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.MAX_CONTAINER_CPU, 1);

        PackingPlan plan = packing.pack(t, config);

        assertEquals(3, plan.getContainersCount());
        assertEquals(List.of(1, 2), taskIds(plan.getContainers(0)));
        assertEquals(List.of(3, 4), taskIds(plan.getContainers(1)));
        assertEquals(List.of(5, 6), taskIds(plan.getContainers(2)));
        assertEquals(1.0, plan.getContainers(2).getRequired().getCpu());
    }

    @Test
    void requestedContainerCountIsIgnored() {
        Topology t = topology("t")
                .addComponents(component("a", 5))
                .setRequestedContainers(4)
                .build();
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.CONTAINERS, 5);

        PackingPlan plan = packing.pack(t, config);

        assertEquals(1, plan.getContainersCount());
        assertEquals(List.of(1, 2, 3, 4, 5), taskIds(plan.getContainers(0)));
    }

    @Test
    void equalInstancesFillInTaskIdOrder() {
        // usable 1536 / 192 = 8 instances per container.
        Topology t = topology("t").addComponents(component("a", 10)).build();
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.MAX_CONTAINER_RAM_MB, 2048);

        PackingPlan plan = packing.pack(t, config);

        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), taskIds(plan.getContainers(0)));
        assertEquals(List.of(9, 10), taskIds(plan.getContainers(1)));
        // 8 x 192 + 512 = 2048 exactly: fits without rounding past the maximum
        assertEquals(2048, plan.getContainers(0).getRequired().getRamMb());
    }

    @Test
    void maximumNotOnTheStepIsRoundedDown() {
        // max 2100 with step 128 -> 2048 usable before padding: still 8 per container, never a 2176 MB request.
        Topology t = topology("t").addComponents(component("a", 9)).build();
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.MAX_CONTAINER_RAM_MB, 2100);

        PackingPlan plan = packing.pack(t, config);

        assertEquals(2, plan.getContainersCount());
        assertEquals(8, plan.getContainers(0).getInstancesCount());
        assertEquals(2048, plan.getContainers(0).getRequired().getRamMb());
    }
}
