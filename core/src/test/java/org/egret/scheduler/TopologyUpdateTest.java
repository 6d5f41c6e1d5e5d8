package org.egret.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.egret.config.EgretConfig;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstanceLocation;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.Resources;
import org.egret.proto.StMgrLocation;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update transaction against the local file-system state manager. The Topology Master's part
 * (publishing a physical plan once the new containers registered) is played by the test, so each
 * outcome (published, never published) can be chosen; UpdateIT runs the real one.
 */
class TopologyUpdateTest {
    private static final Resources SMALL =
            Resources.newBuilder().setRamMb(896).setCpu(1).setDiskMb(2048).build();

    @TempDir
    Path dir;

    private StateManager state;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Topology topology = Topology.newBuilder()
            .setId("t-1")
            .setName("t")
            .setState(TopologyState.RUNNING)
            .build();

    /** Records what the transaction asks of the cluster; {@code refuse} makes addContainers fail. */
    private final class RecordingScheduler implements Scheduler {
        volatile String refuse;

        @Override
        public void schedule(PackingPlan plan) {}

        @Override
        public void kill() {}

        @Override
        public void restart(int container) {}

        @Override
        public void addContainers(PackingPlan next, List<ContainerPlan> added, Duration timeout)
                throws SchedulerException {
            calls.add("add " + added.stream().map(ContainerPlan::getId).toList());
            if (refuse != null) {
                throw new SchedulerException(refuse);
            }
        }

        @Override
        public void removeContainers(List<Integer> containers) {
            calls.add("remove " + containers);
        }

        @Override
        public void close() {}
    }

    private static ContainerPlan container(int id, Resources required, int... tasks) {
        ContainerPlan.Builder c = ContainerPlan.newBuilder().setId(id).setRequired(required);
        for (int t : tasks) {
            c.addInstances(InstancePlan.newBuilder().setComponent("bolt").setTaskId(t));
        }
        return c.build();
    }

    private static PackingPlan plan(ContainerPlan... containers) {
        return PackingPlan.newBuilder()
                .setTopologyId("t-1")
                .addAllContainers(List.of(containers))
                .build();
    }

    /** What the TM would publish for a packing plan once every stream manager registered. */
    private static PhysicalPlan published(PackingPlan p, long version) {
        PhysicalPlan.Builder b = PhysicalPlan.newBuilder().setVersion(version);
        for (ContainerPlan c : p.getContainersList()) {
            b.addStmgrs(StMgrLocation.newBuilder().setId("stmgr-" + c.getId()).setContainer(c.getId()));
            c.getInstancesList()
                    .forEach(i -> b.addInstances(InstanceLocation.newBuilder()
                            .setTaskId(i.getTaskId())
                            .setComponent(i.getComponent())
                            .setStmgrId("stmgr-" + c.getId())));
        }
        return b.build();
    }

    private final PackingPlan old = plan(container(1, SMALL, 1, 2), container(2, SMALL, 3));
    private final PackingPlan next = plan(container(1, SMALL, 1, 2), container(3, SMALL, 3, 4));

    @BeforeEach
    void setUp() {
        state = StateManagers.open(EgretConfig.fromMap(
                Map.of("egret.statemgr.root", dir.toString(), "egret.statemgr.local.poll.ms", "20")));
        state.set(StateKind.TOPOLOGIES, "t", topology);
        state.set(StateKind.PACKING_PLANS, "t", old);
        state.set(StateKind.PHYSICAL_PLANS, "t", published(old, 1));
    }

    @AfterEach
    void tearDown() {
        state.close();
    }

    @Test
    void addsWritesWaitsForThePublishedPlanThenRemoves() throws Exception {
        RecordingScheduler scheduler = new RecordingScheduler();
        // plays the TM: publishes once the new packing plan is in the state manager
        try (StateManager.Watch w = state.watch(StateKind.PACKING_PLANS, "t", PackingPlan.parser(), p -> {
            if (p.isPresent() && p.get().equals(next)) {
                calls.add("published");
                state.set(StateKind.PHYSICAL_PLANS, "t", published(next, 2));
            }
        })) {
            new TopologyUpdate(state, "t", scheduler, Duration.ofSeconds(20))
                    .apply(topology.toBuilder().setState(TopologyState.PAUSED).build(), next);
        }
        assertEquals(List.of("add [3]", "published", "remove [2]"), calls);
        assertEquals(
                next,
                state.get(StateKind.PACKING_PLANS, "t", PackingPlan.parser()).orElseThrow());
        assertEquals(
                TopologyState.RUNNING,
                state.get(StateKind.TOPOLOGIES, "t", Topology.parser())
                        .orElseThrow()
                        .getState(),
                "the topology keeps its current state, not the one the request carried");
    }

    @Test
    void aPlanThatIsNeverPublishedIsRolledBack() {
        RecordingScheduler scheduler = new RecordingScheduler();
        SchedulerException e = assertThrows(
                SchedulerException.class,
                () -> new TopologyUpdate(state, "t", scheduler, Duration.ofMillis(400)).apply(topology, next));

        assertTrue(e.getMessage().contains("stream managers of containers [3] have not registered"), e.getMessage());
        assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
        assertEquals(List.of("add [3]", "remove [3]"), calls);
        assertEquals(
                old,
                state.get(StateKind.PACKING_PLANS, "t", PackingPlan.parser()).orElseThrow());
    }

    @Test
    void whenTheClusterCannotGiveTheContainersNothingChanges() {
        RecordingScheduler scheduler = new RecordingScheduler();
        scheduler.refuse = "no room for container 3";
        SchedulerException e = assertThrows(
                SchedulerException.class,
                () -> new TopologyUpdate(state, "t", scheduler, Duration.ofSeconds(5)).apply(topology, next));

        assertEquals("no room for container 3", e.getMessage());
        assertEquals(List.of("add [3]"), calls);
        assertEquals(
                old,
                state.get(StateKind.PACKING_PLANS, "t", PackingPlan.parser()).orElseThrow());
    }

    @Test
    void aRunningContainerIsNeverResized() {
        Resources bigger = SMALL.toBuilder().setRamMb(2048).build();
        PackingPlan resized = plan(container(1, bigger, 1, 2, 5), container(2, SMALL, 3));
        SchedulerException e = assertThrows(
                SchedulerException.class,
                () -> new TopologyUpdate(state, "t", new RecordingScheduler(), Duration.ofSeconds(5))
                        .apply(topology, resized));

        assertTrue(e.getMessage().contains("container 1 would change its reservation"), e.getMessage());
        assertEquals(List.of(), calls);
    }

    @Test
    void mismatchNamesWhatIsMissing() {
        assertEquals(
                "stream managers of containers [3] have not registered",
                TopologyUpdate.mismatch(published(old, 1), next).orElseThrow());
        assertTrue(TopologyUpdate.mismatch(published(next, 2), next).isEmpty());
        PackingPlan moved = plan(container(1, SMALL, 1), container(2, SMALL, 2, 3));
        assertTrue(
                TopologyUpdate.mismatch(published(old, 1), moved).orElseThrow().contains("places tasks differently"));
    }
}
