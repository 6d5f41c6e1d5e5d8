package org.egret.scheduler.mesos;

import java.util.List;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;

/** Builds the Mesos task that runs one container (the executor in production; anything in tests). */
public interface ContainerTasks {
    String topology();

    /**
     * The task of {@code container} on {@code offer}'s agent, holding {@code resources} (taken from
     * that offer). The offer's hostname is where the container's servers bind and are reached.
     */
    TaskInfo build(String taskId, int container, Offer offer, List<Resource> resources);
}
