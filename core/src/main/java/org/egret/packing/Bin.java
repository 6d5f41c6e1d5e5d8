package org.egret.packing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.egret.proto.ContainerPlan;

/** A container being filled: the instances placed so far and their summed footprint. */
final class Bin {
    private final int id;
    private final List<PlannedInstance> instances = new ArrayList<>();
    private Footprint used = Footprint.ZERO;

    Bin(int id) {
        this.id = id;
    }

    int id() {
        return id;
    }

    Footprint used() {
        return used;
    }

    boolean canHold(PlannedInstance instance, Footprint usable) {
        return used.plus(instance.footprint()).fitsWithin(usable);
    }

    void add(PlannedInstance instance) {
        instances.add(instance);
        used = used.plus(instance.footprint());
    }

    /** Instances are listed by task id whatever order they were placed in, so plans compare equal. */
    ContainerPlan toProto(ContainerLimits limits) {
        ContainerPlan.Builder b = ContainerPlan.newBuilder().setId(id).setRequired(limits.required(used));
        instances.stream()
                .sorted(Comparator.comparingInt(i -> i.task().taskId()))
                .forEach(i -> b.addInstances(i.toProto()));
        return b.build();
    }
}
