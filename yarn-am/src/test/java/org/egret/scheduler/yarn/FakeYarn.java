package org.egret.scheduler.yarn;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.UpdateContainerRequest;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.NMClient;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;

/**
 * A ResourceManager and NodeManager as the ApplicationMaster sees them: it records what the
 * scheduler asks for, withdraws, releases, starts and stops, and the test plays YARN's side by
 * calling back (grant, started, completed). Stopping or releasing a container completes it, as
 * YARN reports it, from another thread.
 */
final class FakeYarn implements YarnClients {
    static final ApplicationAttemptId ATTEMPT = ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1);
    static final NodeId NODE = NodeId.newInstance("nm", 1);

    final List<ContainerRequest> asked = Collections.synchronizedList(new ArrayList<>());
    final List<ContainerRequest> withdrawn = Collections.synchronizedList(new ArrayList<>());
    final List<ContainerId> released = Collections.synchronizedList(new ArrayList<>());
    final List<ContainerId> launched = Collections.synchronizedList(new ArrayList<>());
    final List<ContainerId> stopped = Collections.synchronizedList(new ArrayList<>());
    final List<Container> previousAttempt = new ArrayList<>();
    final List<String> blacklisted = Collections.synchronizedList(new ArrayList<>());
    volatile Resource max = Resource.newInstance(2048, 4);
    volatile int clusterNodes = 1;
    /** The node the next grant is on. */
    volatile NodeId nextNode = NODE;

    private final AtomicLong nextId = new AtomicLong(1);
    private volatile AMRMClientAsync.AbstractCallbackHandler rmEvents;
    private volatile NMClientAsync.AbstractCallbackHandler nmEvents;

    static ContainerLaunchContext launchOf(int index) {
        return ContainerLaunchContext.newInstance(Map.of(), Map.of(), List.of("executor " + index), null, null, null);
    }

    /** YARN grants a container for the index's request. */
    Container grant(int index, Resource size) {
        Container c = container(index, size);
        rmEvents.onContainersAllocated(List.of(c));
        return c;
    }

    Container container(int index, Resource size) {
        Container c = Container.newInstance(
                ContainerId.newContainerId(ATTEMPT, nextId.getAndIncrement()),
                nextNode,
                "nm:8042",
                size,
                Priority.newInstance(1),
                null);
        c.setAllocationRequestId(AllocationIds.requestId(index));
        return c;
    }

    void started(ContainerId id) {
        nmEvents.onContainerStarted(id, Map.of());
    }

    void startFailed(ContainerId id, Throwable t) {
        nmEvents.onStartContainerError(id, t);
    }

    void completed(ContainerId id, int exit) {
        rmEvents.onContainersCompleted(List.of(ContainerStatus.newInstance(id, ContainerState.COMPLETE, "", exit)));
    }

    private void completeLater(ContainerId id, int exit) {
        Thread t = new Thread(() -> completed(id, exit), "fake-rm-completion");
        t.setDaemon(true);
        t.start();
    }

    /** Requests for the index asked for and not withdrawn. */
    int outstanding(int index) {
        long id = AllocationIds.requestId(index);
        synchronized (asked) {
            synchronized (withdrawn) {
                return (int) (asked.stream()
                                .filter(r -> r.getAllocationRequestId() == id)
                                .count()
                        - withdrawn.stream()
                                .filter(r -> r.getAllocationRequestId() == id)
                                .count());
            }
        }
    }

    int timesAsked(int index) {
        long id = AllocationIds.requestId(index);
        synchronized (asked) {
            return (int)
                    asked.stream().filter(r -> r.getAllocationRequestId() == id).count();
        }
    }

    @Override
    public AMRMClientAsync<ContainerRequest> rm(AMRMClientAsync.AbstractCallbackHandler events) {
        rmEvents = events;
        Rm rm = new Rm(events);
        rm.init(new Configuration(false));
        return rm;
    }

    @Override
    public NMClientAsync nm(NMClientAsync.AbstractCallbackHandler events) {
        nmEvents = events;
        Nm nm = new Nm(events);
        nm.init(new Configuration(false));
        return nm;
    }

    @Override
    public NMClient stopper() {
        Stopper s = new Stopper();
        s.init(new Configuration(false));
        return s;
    }

    private final class Rm extends AMRMClientAsync<ContainerRequest> {
        Rm(AMRMClientAsync.AbstractCallbackHandler events) {
            super(1000, events);
        }

        @Override
        public List<? extends Collection<ContainerRequest>> getMatchingRequests(Priority p, String name, Resource r) {
            return List.of();
        }

        @Override
        public RegisterApplicationMasterResponse registerApplicationMaster(String host, int port, String url) {
            return RegisterApplicationMasterResponse.newInstance(
                    Resource.newInstance(128, 1),
                    max,
                    Map.of(),
                    ByteBuffer.allocate(0),
                    previousAttempt,
                    "default",
                    List.of());
        }

        @Override
        public void unregisterApplicationMaster(FinalApplicationStatus status, String message, String url) {}

        @Override
        public void addContainerRequest(ContainerRequest req) {
            asked.add(req);
        }

        @Override
        public void removeContainerRequest(ContainerRequest req) {
            withdrawn.add(req);
        }

        @Override
        public void requestContainerUpdate(Container container, UpdateContainerRequest req) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void releaseAssignedContainer(ContainerId id) {
            released.add(id);
            completeLater(id, -100);
        }

        @Override
        public Resource getAvailableResources() {
            return Resource.newInstance(512, 3);
        }

        @Override
        public int getClusterNodeCount() {
            return clusterNodes;
        }

        @Override
        public void updateBlacklist(List<String> add, List<String> remove) {
            blacklisted.addAll(add);
            blacklisted.removeAll(remove);
        }
    }

    private final class Nm extends NMClientAsync {
        Nm(NMClientAsync.AbstractCallbackHandler events) {
            super("fake-nm", new Stopper(), events);
        }

        @Override
        public void startContainerAsync(Container c, ContainerLaunchContext ctx) {
            launched.add(c.getId());
        }

        @Override
        public void increaseContainerResourceAsync(Container c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateContainerResourceAsync(Container c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reInitializeContainerAsync(ContainerId id, ContainerLaunchContext ctx, boolean autoCommit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void restartContainerAsync(ContainerId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rollbackLastReInitializationAsync(ContainerId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void commitLastReInitializationAsync(ContainerId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stopContainerAsync(ContainerId id, NodeId node) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void getContainerStatusAsync(ContainerId id, NodeId node) {
            throw new UnsupportedOperationException();
        }
    }

    private final class Stopper extends NMClient {
        Stopper() {
            super("fake-nm-client");
        }

        @Override
        public Map<String, ByteBuffer> startContainer(Container c, ContainerLaunchContext ctx) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void increaseContainerResource(Container c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateContainerResource(Container c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stopContainer(ContainerId id, NodeId node) {
            stopped.add(id);
            completeLater(id, -105);
        }

        @Override
        public ContainerStatus getContainerStatus(ContainerId id, NodeId node) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reInitializeContainer(ContainerId id, ContainerLaunchContext ctx, boolean autoCommit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void restartContainer(ContainerId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rollbackLastReInitialization(ContainerId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void commitLastReInitialization(ContainerId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cleanupRunningContainersOnStop(boolean enabled) {}
    }
}
