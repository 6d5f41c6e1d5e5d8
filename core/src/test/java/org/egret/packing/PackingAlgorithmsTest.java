package org.egret.packing;

import static org.egret.packing.TestTopologies.component;
import static org.egret.packing.TestTopologies.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.egret.config.ConfigException;
import org.egret.config.ConfigRegistry;
import org.egret.config.EgretConfig;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.Topology;
import org.junit.jupiter.api.Test;

class PackingAlgorithmsTest {

    @Test
    void roundRobinIsTheDefault() {
        PackingAlgorithm a = PackingAlgorithms.open(EgretConfig.defaults());

        assertInstanceOf(RoundRobinPacking.class, a);
        assertEquals("round-robin", a.name());
    }

    @Test
    void firstFitDecreasingIsSelectedByName() {
        EgretConfig config = EgretConfig.fromMap(Map.of("egret.packing.algorithm", "first-fit-decreasing"));
        PackingAlgorithm a = PackingAlgorithms.open(config);

        assertInstanceOf(FirstFitDecreasingPacking.class, a);
        assertEquals(
                "first-fit-decreasing",
                a.pack(topology("t").addComponents(component("a", 1)).build(), config)
                        .getAlgorithm());
    }

    @Test
    void unknownAlgorithmIsRejectedOnLoad() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> EgretConfig.fromMap(Map.of("egret.packing.algorithm", "best-fit")));
        assertTrue(e.getMessage().contains("egret.packing.algorithm"), e.getMessage());
    }

    @Test
    void everyPackingKeyIsRegisteredWithItsDefault() {
        Map<String, Object> expected = Map.ofEntries(
                Map.entry("egret.packing.algorithm", "round-robin"),
                Map.entry("egret.packing.containers", 0),
                Map.entry("egret.packing.instance.ram.mb", 128),
                Map.entry("egret.packing.instance.cpu", 0.1),
                Map.entry("egret.packing.instance.disk.mb", 1024),
                Map.entry("egret.packing.container.padding.ram.mb", 512),
                Map.entry("egret.packing.container.padding.cpu", 0.5),
                Map.entry("egret.packing.container.padding.disk.mb", 1024),
                Map.entry("egret.packing.ram.step.mb", 128),
                Map.entry("egret.packing.container.max.ram.mb", 8192),
                Map.entry("egret.packing.container.max.cpu", 8),
                Map.entry("egret.packing.container.max.disk.mb", 102400));
        expected.forEach((name, def) -> {
            assertTrue(ConfigRegistry.keys().containsKey(name), name);
            assertEquals(def, ConfigRegistry.keys().get(name).defaultValue(), name);
        });
    }

    @Test
    void everyTaskIsPlacedExactlyOnceByBothAlgorithms() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            Topology.Builder t = topology("r" + round).setRequestedContainers(random.nextInt(6));
            int components = 1 + random.nextInt(5);
            int total = 0;
            for (int c = 0; c < components; c++) {
                int tasks = 1 + random.nextInt(8);
                total += tasks;
                t.addComponents(component("c" + c, tasks, 64 + random.nextInt(1500), 0.05 + random.nextInt(10) / 10.0));
            }
            Topology topology = t.build();
            for (PackingAlgorithm algorithm : List.of(new RoundRobinPacking(), new FirstFitDecreasingPacking())) {
                EgretConfig config = EgretConfig.defaults().with(PackingKeys.CONTAINERS, total);
                PackingPlan plan = algorithm.pack(topology, config);
                assertCoversEveryTaskOnce(topology, plan, total);
                assertEquals(plan, algorithm.pack(topology, config), "packing must be deterministic");
            }
        }
    }

    private static void assertCoversEveryTaskOnce(Topology topology, PackingPlan plan, int total) {
        List<TaskIds.Task> expected = TaskIds.tasks(topology);
        List<TaskIds.Task> seen = new ArrayList<>();
        int expectedId = 1;
        for (ContainerPlan c : plan.getContainersList()) {
            assertEquals(expectedId++, c.getId(), "container ids run 1..N");
            assertTrue(c.getInstancesCount() > 0, "no empty container");
            assertTrue(c.getRequired().getRamMb() <= 8192 && c.getRequired().getCpu() <= 8, c.toString());
            int previous = 0;
            for (InstancePlan i : c.getInstancesList()) {
                assertTrue(i.getTaskId() > previous, "instances sorted by task id");
                previous = i.getTaskId();
                seen.add(new TaskIds.Task(i.getComponent(), i.getTaskId(), i.getComponentIndex()));
            }
        }
        seen.sort((a, b) -> Integer.compare(a.taskId(), b.taskId()));
        assertEquals(total, seen.size());
        assertEquals(expected, seen);
    }
}
