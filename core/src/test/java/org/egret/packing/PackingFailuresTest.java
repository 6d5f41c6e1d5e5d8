package org.egret.packing;

import static org.egret.packing.TestTopologies.component;
import static org.egret.packing.TestTopologies.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.egret.config.EgretConfig;
import org.egret.proto.Resources;
import org.egret.proto.Topology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Failures both algorithms must report the same way, before any placement. */
class PackingFailuresTest {

    static List<PackingAlgorithm> algorithms() {
        return List.of(new RoundRobinPacking(), new FirstFitDecreasingPacking());
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void instanceLargerThanAnyContainerNamesTheComponent(PackingAlgorithm algorithm) {
        Topology t = topology("t")
                .addComponents(component("count", 1))
                .addComponents(component("split", 2, 9000, 1))
                .build();

        PackingException e = assertThrows(PackingException.class, () -> algorithm.pack(t, EgretConfig.defaults()));

        assertEquals(
                "component 'split' needs 9064 MB per instance (heap 9000 + off-heap 0 + JVM overhead 64) but a"
                        + " container may hold at most 7680 MB of instances (egret.packing.container.max.ram.mb 8192 minus"
                        + " egret.packing.container.padding.ram.mb 512)",
                e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void maximumOffTheStepIsExplained(PackingAlgorithm algorithm) {
        Topology t = topology("t").addComponents(component("a", 1, 1500, 1)).build();
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.MAX_CONTAINER_RAM_MB, 2100);

        PackingException e = assertThrows(PackingException.class, () -> algorithm.pack(t, config));

        assertTrue(
                e.getMessage()
                        .endsWith("at most 1536 MB of instances (egret.packing.container.max.ram.mb 2100"
                                + " (2048 in steps of 128 MB) minus egret.packing.container.padding.ram.mb 512)"),
                e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void instanceWithMoreCpuThanAnyContainer(PackingAlgorithm algorithm) {
        Topology t = topology("t").addComponents(component("hot", 1, 128, 7.75)).build();

        PackingException e = assertThrows(PackingException.class, () -> algorithm.pack(t, EgretConfig.defaults()));

        assertEquals(
                "component 'hot' needs 7.75 cores per instance but a container may hold at most 7.5 cores of"
                        + " instances (egret.packing.container.max.cpu 8 minus egret.packing.container.padding.cpu 0.5)",
                e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void instanceWithMoreDiskThanAnyContainer(PackingAlgorithm algorithm) {
        Topology t = topology("t")
                .addComponents(component(
                        "d", 1, Resources.newBuilder().setDiskMb(200000).build()))
                .build();

        PackingException e = assertThrows(PackingException.class, () -> algorithm.pack(t, EgretConfig.defaults()));

        assertTrue(
                e.getMessage()
                        .startsWith("component 'd' needs 200000 MB of disk per instance but a container may"
                                + " hold at most 101376 MB of instances"),
                e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void instanceExactlyFillingAContainerFits(PackingAlgorithm algorithm) {
        // 7616 + 64 = 7680 = 8192 - 512; 7.5 + 0.5 = 8 cores
        Topology t = topology("t").addComponents(component("a", 2, 7616, 7.5)).build();
        EgretConfig config = EgretConfig.defaults().with(PackingKeys.CONTAINERS, 2);

        var plan = algorithm.pack(t, config);

        assertEquals(2, plan.getContainersCount());
        assertEquals(
                Resources.newBuilder().setRamMb(8192).setCpu(8).setDiskMb(2048).build(),
                plan.getContainers(1).getRequired());
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void zeroTasksFails(PackingAlgorithm algorithm) {
        Topology t = topology("t")
                .addComponents(component("spout", 1))
                .addComponents(component("sink", 0))
                .build();

        PackingException e = assertThrows(PackingException.class, () -> algorithm.pack(t, EgretConfig.defaults()));

        assertTrue(e.getMessage().contains("'sink'"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void emptyTopologyFails(PackingAlgorithm algorithm) {
        PackingException e = assertThrows(
                PackingException.class, () -> algorithm.pack(topology("void").build(), EgretConfig.defaults()));

        assertEquals("topology 'void' has no components", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void negativeResourcesFail(PackingAlgorithm algorithm) {
        Topology t = topology("t")
                .addComponents(component(
                        "bad", 1, Resources.newBuilder().setOffheapMb(-1).build()))
                .build();

        PackingException e = assertThrows(PackingException.class, () -> algorithm.pack(t, EgretConfig.defaults()));

        assertTrue(e.getMessage().startsWith("component 'bad' has invalid resources"), e.getMessage());
    }
}
