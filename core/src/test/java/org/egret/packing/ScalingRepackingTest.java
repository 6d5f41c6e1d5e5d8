package org.egret.packing;

import static org.egret.packing.TestTopologies.component;
import static org.egret.packing.TestTopologies.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.egret.config.EgretConfig;
import org.egret.proto.ComponentKind;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.Topology;
import org.junit.jupiter.api.Test;

class ScalingRepackingTest {
    private final ScalingRepacking repacking = new ScalingRepacking();
    private final EgretConfig config = EgretConfig.defaults();

    /** spout "a" (1), bolts "b" (2) and "c" (2) over 2 round-robin containers: tasks a=1, b=2,3, c=4,5. */
    private final Topology topology = topology("t")
            .addComponents(component("a", 1).toBuilder().setKind(ComponentKind.SPOUT))
            .addComponents(component("b", 2))
            .addComponents(component("c", 2))
            .setRequestedContainers(2)
            .build();

    private final PackingPlan start = new RoundRobinPacking().pack(topology, config);

    private static Map<Integer, Integer> containerByTask(PackingPlan plan) {
        Map<Integer, Integer> out = new TreeMap<>();
        for (ContainerPlan c : plan.getContainersList()) {
            for (InstancePlan i : c.getInstancesList()) {
                out.put(i.getTaskId(), c.getId());
            }
        }
        return out;
    }

    private static List<InstancePlan> instances(PackingPlan plan, String component) {
        List<InstancePlan> out = new ArrayList<>();
        plan.getContainersList()
                .forEach(c -> c.getInstancesList().stream()
                        .filter(i -> i.getComponent().equals(component))
                        .forEach(out::add));
        out.sort((x, y) -> Integer.compare(x.getComponentIndex(), y.getComponentIndex()));
        return out;
    }

    private PackingPlan repack(PackingPlan from, Map<String, Integer> parallelism, int containers) {
        return repacking.repack(from, topology, parallelism, containers, config);
    }

    @Test
    void scalingUpKeepsEveryRunningInstanceAndReservationAndOpensAContainerForWhatDoesNotFit() {
        PackingPlan next = repack(start, Map.of("c", 5), 0);

        Map<Integer, Integer> before = containerByTask(start);
        Map<Integer, Integer> after = containerByTask(next);
        before.forEach((task, container) -> assertEquals(container, after.get(task), "task " + task + " moved"));
        for (ContainerPlan c : start.getContainersList()) {
            ContainerPlan same = next.getContainersList().stream()
                    .filter(n -> n.getId() == c.getId())
                    .findFirst()
                    .orElseThrow();
            assertEquals(c.getRequired(), same.getRequired(), "container " + c.getId() + " was resized");
        }
        List<InstancePlan> cs = instances(next, "c");
        assertEquals(5, cs.size());
        assertEquals(
                List.of(0, 1, 2, 3, 4),
                cs.stream().map(InstancePlan::getComponentIndex).toList());
        assertEquals(
                List.of(4, 5, 6, 7, 8), cs.stream().map(InstancePlan::getTaskId).toList());
        assertEquals(9, next.getNextTaskId());
        assertTrue(
                next.getContainersCount() > 2, "round robin reservations are tight, so new instances open containers");
        ContainerPlan added = next.getContainers(next.getContainersCount() - 1);
        assertEquals(3, added.getId());
        assertEquals(new ContainerLimits(config).required(sum(added)), added.getRequired());
    }

    private Footprint sum(ContainerPlan c) {
        InstanceResources r = new InstanceResources(config);
        Footprint f = Footprint.ZERO;
        for (InstancePlan i : c.getInstancesList()) {
            f = f.plus(r.footprint(i.getResources()));
        }
        return f;
    }

    @Test
    void scalingDownRemovesTheHighestIndexesAndDropsContainersLeftEmpty() {
        PackingPlan up = repack(start, Map.of("c", 5), 0);
        PackingPlan down = repack(up, Map.of("c", 1), 0);

        List<InstancePlan> cs = instances(down, "c");
        assertEquals(1, cs.size());
        assertEquals(0, cs.get(0).getComponentIndex());
        assertEquals(4, cs.get(0).getTaskId());
        assertEquals(Set.of(1, 2), new HashSet<>(containerByTask(down).values()), "the emptied container is removed");
        Map<Integer, Integer> kept = containerByTask(down);
        kept.forEach((task, container) -> assertEquals(containerByTask(up).get(task), container));
    }

    @Test
    void taskIdsOfRemovedInstancesAreNeverHandedOutAgain() {
        PackingPlan up = repack(start, Map.of("c", 4), 0);
        PackingPlan down = repack(up, Map.of("c", 2), 0);
        PackingPlan again = repack(down, Map.of("c", 3), 0);

        assertEquals(
                List.of(4, 5, 8),
                instances(again, "c").stream().map(InstancePlan::getTaskId).toList());
        assertEquals(
                List.of(0, 1, 2),
                instances(again, "c").stream()
                        .map(InstancePlan::getComponentIndex)
                        .toList());
    }

    @Test
    void moreContainersMoveBoltsBeforeSpoutsIntoTheNewOnes() {
        PackingPlan next = repack(start, Map.of(), 3);

        assertEquals(3, next.getContainersCount());
        assertEquals(1, containerByTask(next).get(1), "the spout stays where it runs");
        long inNew = containerByTask(next).values().stream().filter(c -> c == 3).count();
        assertTrue(inNew >= 1, "the new container holds instances: " + next);
        assertEquals(5, containerByTask(next).size());
    }

    @Test
    void fewerContainersReplaceTheInstancesOfDissolvedOnesOrSayTheyDoNotFit() {
        // Reservations of running containers are kept, so 2 tight round-robin containers cannot take a third's tasks.
        PackingPlan three = new RoundRobinPacking()
                .pack(topology.toBuilder().setRequestedContainers(3).build(), config);
        PackingException e = assertThrows(PackingException.class, () -> repack(three, Map.of(), 1));
        assertTrue(e.getMessage().contains("1 containers cannot hold task"), e.getMessage());

        // Memory rounded up in 4 GB steps and no disk per task leave room inside each reservation.
        EgretConfig roomy = config.with(PackingKeys.RAM_STEP_MB, 4096).with(PackingKeys.INSTANCE_DISK_MB, 0);
        PackingPlan roomyThree = new RoundRobinPacking()
                .pack(topology.toBuilder().setRequestedContainers(3).build(), roomy);
        PackingPlan one = repacking.repack(roomyThree, topology, Map.of(), 1, roomy);
        assertEquals(1, one.getContainersCount());
        assertEquals(5, containerByTask(one).size());
    }

    @Test
    void anUnknownComponentIsRefused() {
        PackingException e = assertThrows(PackingException.class, () -> repack(start, Map.of("zz", 2), 0));
        assertTrue(e.getMessage().contains("no component 'zz'"), e.getMessage());
    }

    @Test
    void sameInputGivesTheSamePlan() {
        assertEquals(repack(start, Map.of("b", 4, "c", 3), 0), repack(start, Map.of("b", 4, "c", 3), 0));
        assertNotEquals(start, repack(start, Map.of("b", 4), 0));
    }
}
