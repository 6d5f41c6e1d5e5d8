package org.egret.packing;

import org.egret.proto.Component;
import org.egret.proto.ComponentKind;
import org.egret.proto.Resources;
import org.egret.proto.Topology;

/** Builds small logical plans for the packing tests. */
final class TestTopologies {
    private TestTopologies() {}

    static Topology.Builder topology(String name) {
        return Topology.newBuilder().setId(name + "-id").setName(name);
    }

    static Component component(String name, int tasks) {
        return Component.newBuilder()
                .setName(name)
                .setKind(ComponentKind.BOLT)
                .setParallelism(tasks)
                .setTasks(tasks)
                .build();
    }

    static Component component(String name, int tasks, long ramMb, double cpu) {
        return component(name, tasks).toBuilder()
                .setResources(Resources.newBuilder().setRamMb(ramMb).setCpu(cpu))
                .build();
    }

    static Component component(String name, int tasks, Resources resources) {
        return component(name, tasks).toBuilder().setResources(resources).build();
    }
}
