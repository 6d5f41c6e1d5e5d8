package org.egret.packing;

import static org.egret.packing.TestTopologies.component;
import static org.egret.packing.TestTopologies.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.egret.config.EgretConfig;
import org.egret.config.InstanceKeys;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.Resources;
import org.egret.proto.Topology;
import org.junit.jupiter.api.Test;

/** Resource arithmetic, checked through round robin with one container so the sums are easy to follow. */
class PackingResourcesTest {

    private static ContainerPlan onlyContainer(Topology t, EgretConfig config) {
        PackingPlan plan = new RoundRobinPacking().pack(t, config);
        assertEquals(1, plan.getContainersCount());
        return plan.getContainers(0);
    }

    @Test
    void defaultsApplyWhenComponentSetsNothing() {
        ContainerPlan c =
                onlyContainer(topology("t").addComponents(component("a", 3)).build(), EgretConfig.defaults());

        assertEquals(
                Resources.newBuilder().setRamMb(128).setCpu(0.1).setDiskMb(1024).build(),
                c.getInstances(0).getResources());
        // RAM 3 x (128 + 64) + 512 = 1088 -> 1152; CPU 0.3 + 0.5 -> 1; disk 3 x 1024 + 1024
        assertEquals(
                Resources.newBuilder().setRamMb(1152).setCpu(1).setDiskMb(4096).build(), c.getRequired());
    }

    @Test
    void configuredDefaultsAreUsed() {
        EgretConfig config = EgretConfig.defaults()
                .with(PackingKeys.INSTANCE_RAM_MB, 256)
                .with(PackingKeys.INSTANCE_CPU, 0.25)
                .with(PackingKeys.INSTANCE_DISK_MB, 100);

        ContainerPlan c =
                onlyContainer(topology("t").addComponents(component("a", 2)).build(), config);

        assertEquals(
                Resources.newBuilder().setRamMb(256).setCpu(0.25).setDiskMb(100).build(),
                c.getInstances(1).getResources());
        // RAM 2 x 320 + 512 = 1152; CPU 0.5 + 0.5 = 1; disk 200 + 1024
        assertEquals(
                Resources.newBuilder().setRamMb(1152).setCpu(1).setDiskMb(1224).build(), c.getRequired());
    }

    @Test
    void offHeapAndJvmOverheadAreCounted() {
        Resources r = Resources.newBuilder()
                .setRamMb(1000)
                .setOffheapMb(200)
                .setCpu(0.3)
                .setDiskMb(50)
                .build();
        ContainerPlan c =
                onlyContainer(topology("t").addComponents(component("a", 2, r)).build(), EgretConfig.defaults());

        // The instance keeps its heap apart: the executor turns ram_mb into -Xmx.
        assertEquals(r, c.getInstances(0).getResources());
        // RAM 2 x (1000 + 200 + 64) + 512 = 3040 -> 3072; CPU 0.6 + 0.5 = 1.1 -> 2; disk 100 + 1024
        assertEquals(
                Resources.newBuilder().setRamMb(3072).setCpu(2).setDiskMb(1124).build(), c.getRequired());
    }

    @Test
    void jvmOverheadComesFromInstanceKey() {
        EgretConfig config =
                EgretConfig.defaults().with(InstanceKeys.JVM_OVERHEAD_MB, 0).with(PackingKeys.PADDING_RAM_MB, 0);

        ContainerPlan c =
                onlyContainer(topology("t").addComponents(component("a", 2)).build(), config);

        assertEquals(256, c.getRequired().getRamMb());
    }

    @Test
    void ramRoundsUpToTheConfiguredStep() {
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.RAM_STEP_MB, 1000);

        ContainerPlan c =
                onlyContainer(topology("t").addComponents(component("a", 1)).build(), config);

        // 192 + 512 = 704 -> 1000
        assertEquals(1000, c.getRequired().getRamMb());
    }

    @Test
    void ramOnAStepIsNotRoundedFurther() {
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.PADDING_RAM_MB, 448);

        ContainerPlan c =
                onlyContainer(topology("t").addComponents(component("a", 3)).build(), config);

        // 3 x 192 + 448 = 1024, already a multiple of 128
        assertEquals(1024, c.getRequired().getRamMb());
    }

    @Test
    void cpuSumIsExactBeforeRoundingToWholeCores() {
        // Ten 0.1-core doubles sum to 0.9999999999999999; it must be exactly 1 core, not 1 or 2 by accident.
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.PADDING_CPU, 0);

        assertEquals(
                1.0,
                onlyContainer(topology("t").addComponents(component("a", 10)).build(), config)
                        .getRequired()
                        .getCpu());
        assertEquals(
                2.0,
                onlyContainer(topology("t").addComponents(component("a", 11)).build(), config)
                        .getRequired()
                        .getCpu());
    }

    @Test
    void paddingIsAddedOncePerContainer() {
        EgretConfig config = EgretConfig.defaults()
                .with(PackingKeys.PADDING_RAM_MB, 1024)
                .with(PackingKeys.PADDING_CPU, 2.0)
                .with(PackingKeys.PADDING_DISK_MB, 10)
                .with(PackingKeys.CONTAINERS, 2);
        Topology t = topology("t").addComponents(component("a", 4)).build();

        PackingPlan plan = new RoundRobinPacking().pack(t, config);

        for (ContainerPlan c : plan.getContainersList()) {
            // 2 x 192 + 1024 = 1408; 0.2 + 2 -> 3; 2 x 1024 + 10
            assertEquals(
                    Resources.newBuilder()
                            .setRamMb(1408)
                            .setCpu(3)
                            .setDiskMb(2058)
                            .build(),
                    c.getRequired());
        }
    }

    @Test
    void componentsMixInOneContainer() {
        Topology t = topology("t")
                .addComponents(component("a", 1, 512, 1.5))
                .addComponents(
                        component("b", 2, Resources.newBuilder().setDiskMb(10).build()))
                .build();

        ContainerPlan c = onlyContainer(t, EgretConfig.defaults());

        // RAM 576 + 2 x 192 + 512 = 1472 -> 1536; CPU 1.5 + 0.2 + 0.5 = 2.2 -> 3; disk 1024 + 20 + 1024
        assertEquals(
                Resources.newBuilder().setRamMb(1536).setCpu(3).setDiskMb(2068).build(), c.getRequired());
        assertEquals(0.1, c.getInstances(1).getResources().getCpu());
        assertEquals(128, c.getInstances(2).getResources().getRamMb());
    }
}
