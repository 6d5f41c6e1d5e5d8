package org.egret.tmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.egret.proto.ControlRequest;
import org.egret.proto.ControlResponse;
import org.egret.proto.ExecutionState;
import org.egret.proto.NewPhysicalPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.RegisterStMgrRequest;
import org.egret.proto.RegisterStMgrResponse;
import org.egret.proto.StMgrHeartbeat;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.egret.statemgr.StateKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopologyMasterTest {
    private final InMemoryStateManager state = new InMemoryStateManager();
    private final AtomicLong now = new AtomicLong(1000);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private TopologyMaster master;

    private TopologyMaster master() {
        Topology topology = Topology.newBuilder()
                .setName("t")
                .setState(TopologyState.RUNNING)
                .build();
        state.set(StateKind.TOPOLOGIES, "t", topology);
        return new TopologyMaster(state, "t", topology, PhysicalPlanBuilderTest.packing(), 500, now::get);
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        return ch;
    }

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private static RegisterStMgrRequest register(int container, int port, Integer... tasks) {
        return RegisterStMgrRequest.newBuilder()
                .setStmgr(PhysicalPlanBuilderTest.stmgr(container, port))
                .addAllTaskIds(List.of(tasks))
                .build();
    }

    @Test
    void publishesWhenTheLastStreamManagerRegisters() {
        master = master();
        EmbeddedChannel one = channel();
        EmbeddedChannel two = channel();
        master.onRegister(one, register(1, 5001, 1, 3));
        RegisterStMgrResponse first = one.readOutbound();
        assertTrue(first.getStatus().getOk());
        assertFalse(first.hasPplan());

        master.onRegister(two, register(2, 5002, 2));
        RegisterStMgrResponse second = two.readOutbound();
        assertTrue(second.hasPplan());
        assertEquals(1, second.getPplan().getVersion());
        NewPhysicalPlan pushed = one.readOutbound();
        assertEquals(second.getPplan(), pushed.getPplan());
        assertNull(two.readOutbound(), "the registrant gets the plan in its reply only");
        assertEquals(
                second.getPplan(),
                state.get(StateKind.PHYSICAL_PLANS, "t", PhysicalPlan.parser()).get());
    }

    @Test
    void reRegistrationBumpsTheVersion() {
        master = master();
        EmbeddedChannel one = channel();
        master.onRegister(one, register(1, 5001, 1, 3));
        master.onRegister(channel(), register(2, 5002, 2));
        one.readOutbound();
        one.readOutbound();

        EmbeddedChannel restarted = channel();
        master.onRegister(restarted, register(2, 6002, 2));
        RegisterStMgrResponse reply = restarted.readOutbound();
        assertEquals(2, reply.getPplan().getVersion());
        assertEquals(6002, reply.getPplan().getStmgrs(1).getDataPort());
        NewPhysicalPlan pushed = one.readOutbound();
        assertEquals(2, pushed.getPplan().getVersion());
    }

    @Test
    void aRestartedMasterContinuesTheVersionSequence() {
        state.set(
                StateKind.PHYSICAL_PLANS,
                "t",
                PhysicalPlan.newBuilder().setVersion(41).build());
        master = master();
        master.onRegister(channel(), register(1, 5001, 1, 3));
        EmbeddedChannel two = channel();
        master.onRegister(two, register(2, 5002, 2));
        assertEquals(42, ((RegisterStMgrResponse) two.readOutbound()).getPplan().getVersion());
    }

    @Test
    void rejectsWrongTasks() {
        master = master();
        EmbeddedChannel ch = channel();
        master.onRegister(ch, register(1, 5001, 1));
        RegisterStMgrResponse reply = ch.readOutbound();
        assertFalse(reply.getStatus().getOk());
        assertTrue(reply.getStatus().getMessage().contains("holds tasks"));
        master.onRegister(channel(), register(2, 5002, 2));
        assertTrue(master.current().isEmpty(), "a rejected container does not count as registered");
    }

    @Test
    void silentStreamManagersAreDisconnected() {
        master = master();
        EmbeddedChannel one = channel();
        EmbeddedChannel two = channel();
        master.onRegister(one, register(1, 5001, 1, 3));
        master.onRegister(two, register(2, 5002, 2));
        now.addAndGet(400);
        master.onHeartbeat(
                one, StMgrHeartbeat.newBuilder().setStmgrId("stmgr-1").build());
        now.addAndGet(200);
        master.checkTimeouts();
        assertTrue(one.isOpen());
        assertFalse(two.isOpen());
        assertTrue(master.current().isPresent(), "the plan keeps the lost stream manager");
    }

    @Test
    void deactivateAndActivate() {
        master = master();
        ExecutionState es = ExecutionState.newBuilder()
                .setTopologyName("t")
                .setState(TopologyState.RUNNING)
                .build();
        state.set(StateKind.EXECUTION_STATE, "t", es);
        ControlRequest deactivate = ControlRequest.newBuilder()
                .setCommand(ControlRequest.Command.DEACTIVATE)
                .build();
        ControlRequest activate = ControlRequest.newBuilder()
                .setCommand(ControlRequest.Command.ACTIVATE)
                .build();

        // Before the plan is complete the state is still recorded.
        ControlResponse r = master.onControl(deactivate);
        assertTrue(r.getStatus().getOk());
        assertEquals(
                TopologyState.PAUSED,
                state.get(StateKind.TOPOLOGIES, "t", Topology.parser()).get().getState());
        assertEquals(
                TopologyState.PAUSED,
                state.get(StateKind.EXECUTION_STATE, "t", ExecutionState.parser())
                        .get()
                        .getState());
        assertFalse(master.onControl(deactivate).getStatus().getOk());
        assertTrue(master.onControl(deactivate).getStatus().getMessage().contains("already deactivated"));

        EmbeddedChannel one = channel();
        master.onRegister(one, register(1, 5001, 1, 3));
        master.onRegister(channel(), register(2, 5002, 2));
        one.readOutbound();
        one.readOutbound();
        assertEquals(TopologyState.PAUSED, master.current().get().getTopology().getState());

        assertTrue(master.onControl(activate).getStatus().getOk());
        NewPhysicalPlan pushed = one.readOutbound();
        assertEquals(2, pushed.getPplan().getVersion());
        assertEquals(TopologyState.RUNNING, pushed.getPplan().getTopology().getState());
        assertTrue(master.onControl(activate).getStatus().getMessage().contains("already activated"));
    }

    @Test
    void aNewPackingPlanKeepsStayingStreamManagersAndPublishesOnceTheNewContainerRegisters() {
        master = master();
        EmbeddedChannel one = channel();
        EmbeddedChannel two = channel();
        master.onRegister(one, register(1, 5001, 1, 3));
        master.onRegister(two, register(2, 5002, 2));
        drain(one);
        drain(two);

        // an update: task 3 leaves container 1, container 2 goes, container 3 holds tasks 2 and 4
        org.egret.proto.PackingPlan next = org.egret.proto.PackingPlan.newBuilder()
                .setTopologyId("t-1")
                .addContainers(org.egret.proto.ContainerPlan.newBuilder()
                        .setId(1)
                        .addInstances(org.egret.proto.InstancePlan.newBuilder()
                                .setComponent("spout")
                                .setTaskId(1)))
                .addContainers(org.egret.proto.ContainerPlan.newBuilder()
                        .setId(3)
                        .addInstances(org.egret.proto.InstancePlan.newBuilder()
                                .setComponent("bolt")
                                .setTaskId(2))
                        .addInstances(org.egret.proto.InstancePlan.newBuilder()
                                .setComponent("bolt")
                                .setTaskId(4)
                                .setComponentIndex(1)))
                .build();
        master.onPacking(next);
        assertNull(one.readOutbound(), "no plan before container 3 registers");
        master.onPacking(next);

        EmbeddedChannel three = channel();
        master.onRegister(three, register(3, 5003, 2, 4));
        RegisterStMgrResponse r = three.readOutbound();
        assertTrue(r.getStatus().getOk());
        assertEquals(2, r.getPplan().getVersion());
        assertEquals(
                List.of("stmgr-1", "stmgr-3"),
                r.getPplan().getStmgrsList().stream()
                        .map(org.egret.proto.StMgrLocation::getId)
                        .toList());
        assertEquals(
                List.of(1, 2, 4),
                r.getPplan().getInstancesList().stream()
                        .map(org.egret.proto.InstanceLocation::getTaskId)
                        .sorted()
                        .toList());
        NewPhysicalPlan pushed = one.readOutbound();
        assertEquals(r.getPplan(), pushed.getPplan());
        assertNull(two.readOutbound(), "the removed container's stream manager gets no more plans");

        // the removed container's stream manager cannot register into the new plan
        EmbeddedChannel stale = channel();
        master.onRegister(stale, register(2, 5002, 2));
        RegisterStMgrResponse refused = stale.readOutbound();
        assertFalse(refused.getStatus().getOk());
    }

    private static void drain(EmbeddedChannel ch) {
        while (ch.readOutbound() != null) {
            // the registration reply and any plan pushed since
        }
    }
}
