package org.egret.tmaster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.egret.proto.Component;
import org.egret.proto.ComponentKind;
import org.egret.proto.ContainerPlan;
import org.egret.proto.GroupingType;
import org.egret.proto.InputStream;
import org.egret.proto.InstanceLocation;
import org.egret.proto.InstancePlan;
import org.egret.proto.OutputStream;
import org.egret.proto.PackingPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.PlanComponent;
import org.egret.proto.PlanTopology;
import org.egret.proto.Resources;
import org.egret.proto.StMgrLocation;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.junit.jupiter.api.Test;

class PhysicalPlanBuilderTest {
    static PackingPlan packing() {
        return PackingPlan.newBuilder()
                .setTopologyId("t-1")
                .addContainers(ContainerPlan.newBuilder()
                        .setId(1)
                        .addInstances(InstancePlan.newBuilder()
                                .setComponent("spout")
                                .setTaskId(1)
                                .setComponentIndex(0))
                        .addInstances(InstancePlan.newBuilder()
                                .setComponent("bolt")
                                .setTaskId(3)
                                .setComponentIndex(1)))
                .addContainers(ContainerPlan.newBuilder()
                        .setId(2)
                        .addInstances(InstancePlan.newBuilder()
                                .setComponent("bolt")
                                .setTaskId(2)
                                .setComponentIndex(0)))
                .build();
    }

    static StMgrLocation stmgr(int container, int port) {
        return StMgrLocation.newBuilder()
                .setId("stmgr-" + container)
                .setContainer(container)
                .setHost("127.0.0.1")
                .setDataPort(port)
                .setPid(1000 + container)
                .build();
    }

    private final PhysicalPlanBuilder builder = new PhysicalPlanBuilder(packing());
    private final Topology topology = Topology.newBuilder().setName("t").build();

    @Test
    void completeOnlyWhenEveryContainerRegistered() {
        builder.register(stmgr(1, 5001));
        assertFalse(builder.isComplete());
        assertEquals(List.of(2), builder.missing());
        assertThrows(IllegalStateException.class, () -> builder.build(topology, 1));
        builder.register(stmgr(2, 5002));
        assertTrue(builder.isComplete());
    }

    @Test
    void buildsInstancesWithTheirStreamManager() {
        builder.register(stmgr(2, 5002));
        builder.register(stmgr(1, 5001));
        PhysicalPlan plan = builder.build(topology, 7);
        assertEquals(7, plan.getVersion());
        assertEquals(
                List.of("stmgr-1", "stmgr-2"),
                plan.getStmgrsList().stream().map(StMgrLocation::getId).toList());
        assertEquals(
                List.of(
                        InstanceLocation.newBuilder()
                                .setComponent("spout")
                                .setTaskId(1)
                                .setComponentIndex(0)
                                .setStmgrId("stmgr-1")
                                .build(),
                        InstanceLocation.newBuilder()
                                .setComponent("bolt")
                                .setTaskId(3)
                                .setComponentIndex(1)
                                .setStmgrId("stmgr-1")
                                .build(),
                        InstanceLocation.newBuilder()
                                .setComponent("bolt")
                                .setTaskId(2)
                                .setComponentIndex(0)
                                .setStmgrId("stmgr-2")
                                .build()),
                plan.getInstancesList());
        assertEquals("t", plan.getTopology().getName());
    }

    @Test
    void thePlanCarriesTheStructureButNoConfigValue() {
        Topology configured = Topology.newBuilder()
                .setId("t-1")
                .setName("t")
                .setState(TopologyState.PAUSED)
                .setConfigJson("{\"db.password\":\"hunter2\"}")
                .setRequestedContainers(2)
                .addComponents(Component.newBuilder()
                        .setName("spout")
                        .setKind(ComponentKind.SPOUT)
                        .setParallelism(1)
                        .setTasks(1)
                        .addOutputs(
                                OutputStream.newBuilder().setStream("default").addFields("word"))
                        .setResources(Resources.newBuilder().setRamMb(256))
                        .setConfigJson("{\"api.key\":\"sesame\"}"))
                .addComponents(Component.newBuilder()
                        .setName("bolt")
                        .setKind(ComponentKind.BOLT)
                        .setParallelism(2)
                        .setTasks(2)
                        .addInputs(InputStream.newBuilder()
                                .setComponent("spout")
                                .setStream("default")
                                .setGrouping(GroupingType.FIELDS)
                                .addFields("word")))
                .build();
        builder.register(stmgr(1, 5001));
        builder.register(stmgr(2, 5002));
        PhysicalPlan plan = builder.build(configured, 1);
        String wire = plan.toByteString().toStringUtf8();
        assertFalse(wire.contains("hunter2") || wire.contains("sesame"), "config values in the plan: " + plan);
        PlanTopology t = plan.getTopology();
        assertEquals("t-1", t.getId());
        assertEquals(TopologyState.PAUSED, t.getState());
        assertEquals(
                List.of("spout", "bolt"),
                t.getComponentsList().stream().map(PlanComponent::getName).toList());
        assertEquals(
                configured.getComponents(0).getOutputsList(), t.getComponents(0).getOutputsList());
        assertEquals(
                configured.getComponents(1).getInputsList(), t.getComponents(1).getInputsList());
        assertEquals(2, t.getComponents(1).getTasks());
        // A plan a TM before this change stored (field 1: the whole topology) parses, without the old field.
        byte[] old = PhysicalPlan.newBuilder().setVersion(3).build().toBuilder()
                .setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                        .addField(
                                1,
                                com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                                        .addLengthDelimited(configured.toByteString())
                                        .build())
                        .build())
                .build()
                .toByteArray();
        assertEquals(3, assertDoesNotThrow(() -> PhysicalPlan.parseFrom(old)).getVersion());
    }

    @Test
    void reRegistrationReplacesTheLocation() {
        builder.register(stmgr(1, 5001));
        builder.register(stmgr(2, 5002));
        builder.register(stmgr(2, 6002));
        PhysicalPlan plan = builder.build(topology, 2);
        assertEquals(2, plan.getStmgrsCount());
        assertEquals(6002, plan.getStmgrs(1).getDataPort());
    }

    @Test
    void validatesTasksAndContainer() {
        assertTrue(builder.validate(stmgr(1, 1), List.of(3, 1)).isEmpty());
        assertTrue(builder.validate(stmgr(1, 1), List.of(1)).get().contains("holds tasks [1, 3]"));
        assertTrue(builder.validate(stmgr(1, 1), List.of(1, 3, 2)).isPresent());
        assertTrue(builder.validate(stmgr(1, 1), List.of(1, 1, 3)).isPresent());
        assertTrue(builder.validate(stmgr(3, 1), List.of()).get().contains("not in the packing plan"));
        StMgrLocation misnamed = stmgr(1, 1).toBuilder().setId("stmgr-2").build();
        assertTrue(builder.validate(misnamed, List.of(1, 3)).isPresent());
    }
}
