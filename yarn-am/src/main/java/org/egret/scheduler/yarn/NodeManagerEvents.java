package org.egret.scheduler.yarn;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the NodeManagers tell the ApplicationMaster: a container started, or could not start, goes
 * to the scheduler (an update waits for the first and fails at once on the second); the rest is
 * only logged.
 */
final class NodeManagerEvents extends NMClientAsync.AbstractCallbackHandler {
    private static final Logger LOG = LoggerFactory.getLogger(NodeManagerEvents.class);

    private final Consumer<ContainerId> started;
    private final BiConsumer<ContainerId, Throwable> failedToStart;

    NodeManagerEvents(Consumer<ContainerId> started, BiConsumer<ContainerId, Throwable> failedToStart) {
        this.started = started;
        this.failedToStart = failedToStart;
    }

    @Override
    public void onContainerStarted(ContainerId id, Map<String, ByteBuffer> serviceData) {
        LOG.debug("container {} started", id);
        started.accept(id);
    }

    @Override
    public void onStartContainerError(ContainerId id, Throwable t) {
        LOG.error("cannot start container {}", id, t);
        failedToStart.accept(id, t);
    }

    @Override
    public void onContainerStatusReceived(ContainerId id, ContainerStatus status) {}

    @Override
    public void onContainerStopped(ContainerId id) {
        LOG.info("container {} stopped", id);
    }

    @Override
    public void onGetContainerStatusError(ContainerId id, Throwable t) {}

    @Override
    public void onContainerResourceIncreased(ContainerId id, Resource r) {}

    @Override
    public void onContainerResourceUpdated(ContainerId id, Resource r) {}

    @Override
    public void onIncreaseContainerResourceError(ContainerId id, Throwable t) {}

    @Override
    public void onUpdateContainerResourceError(ContainerId id, Throwable t) {}

    @Override
    public void onStopContainerError(ContainerId id, Throwable t) {
        LOG.warn("cannot stop container {}", id, t);
    }
}
