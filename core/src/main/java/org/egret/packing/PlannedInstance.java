package org.egret.packing;

import org.egret.proto.InstancePlan;
import org.egret.proto.Resources;

/** One task instance on its way into a container: its identity, its resources and what it occupies. */
record PlannedInstance(TaskIds.Task task, Resources resources, Footprint footprint) {

    InstancePlan toProto() {
        return InstancePlan.newBuilder()
                .setComponent(task.component())
                .setTaskId(task.taskId())
                .setComponentIndex(task.componentIndex())
                .setResources(resources)
                .build();
    }
}
