package org.egret.scheduler.yarn;

import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ResourceManager tells the ApplicationMaster: granted and completed containers go to the
 * scheduler; the ResourceManager lost, or asking the AM to end, ends this process at once, since a
 * new attempt adopts the containers that still run.
 */
final class ResourceManagerEvents extends AMRMClientAsync.AbstractCallbackHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceManagerEvents.class);

    private final Consumer<List<Container>> allocated;
    private final Consumer<List<ContainerStatus>> completed;

    ResourceManagerEvents(Consumer<List<Container>> allocated, Consumer<List<ContainerStatus>> completed) {
        this.allocated = allocated;
        this.completed = completed;
    }

    @Override
    public void onContainersAllocated(List<Container> containers) {
        allocated.accept(containers);
    }

    @Override
    public void onContainersCompleted(List<ContainerStatus> statuses) {
        completed.accept(statuses);
    }

    @Override
    public void onContainersUpdated(List<UpdatedContainer> containers) {}

    @Override
    public void onShutdownRequest() {
        LOG.error("the ResourceManager asked this ApplicationMaster to shut down");
        Runtime.getRuntime().halt(1);
    }

    @Override
    public void onNodesUpdated(List<NodeReport> updated) {}

    @Override
    public float getProgress() {
        return 0.5f;
    }

    @Override
    public void onError(Throwable e) {
        LOG.error("lost the ResourceManager", e);
        Runtime.getRuntime().halt(1);
    }
}
