package org.egret.scheduler.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.hadoop.yarn.api.records.Resource;
import org.egret.config.EgretConfig;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.Resources;
import org.egret.scheduler.SchedulerException;
import org.junit.jupiter.api.Test;

class ContainerSizesTest {
    private static PackingPlan plan(long ram1, double cpu1, long ram2, double cpu2) {
        return PackingPlan.newBuilder()
                .addContainers(ContainerPlan.newBuilder()
                        .setId(1)
                        .setRequired(Resources.newBuilder().setRamMb(ram1).setCpu(cpu1)))
                .addContainers(ContainerPlan.newBuilder()
                        .setId(2)
                        .setRequired(Resources.newBuilder().setRamMb(ram2).setCpu(cpu2)))
                .build();
    }

    private static EgretConfig config(Map<String, String> props) {
        return EgretConfig.fromMap(props);
    }

    @Test
    void binsAreAskedForAsPlannedAndContainerZeroIsRoundedToTheStep() {
        ContainerSizes sizes = ContainerSizes.of(
                plan(1280, 2, 896, 1), config(Map.of("egret.container0.ram.mb", "300", "egret.container0.cpu", "0.5")));
        assertEquals(Resource.newInstance(384, 1), sizes.of(0));
        assertEquals(Resource.newInstance(1280, 2), sizes.of(1));
        assertEquals(Resource.newInstance(896, 1), sizes.of(2));
    }

    @Test
    void aBinLargerThanTheClustersMaximumIsNamed() {
        ContainerSizes sizes = ContainerSizes.of(plan(1280, 2, 4096, 1), config(Map.of()));
        SchedulerException e = assertThrows(
                SchedulerException.class,
                () -> sizes.checkFits(Resource.newInstance(2048, 4), Resource.newInstance(512, 1)));
        assertTrue(
                e.getMessage().startsWith("container 2 of the packing plan needs 4096 MB and 1 vcores"),
                e.getMessage());
        assertTrue(e.getMessage().contains("grants at most 2048 MB and 4 vcores"), e.getMessage());
    }
}
