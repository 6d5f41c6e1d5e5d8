package org.egret.scheduler.yarn;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.NMClient;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.egret.proto.PackingPlan;
import org.egret.scheduler.Scheduler;
import org.egret.scheduler.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The YARN side of the scheduler SPI, run by the ApplicationMaster. It asks for one container per
 * index (0 = Topology Master, 1..N = the packing plan's bins) with that bin's memory and vcores,
 * tagged with the index as its {@code allocationRequestId}, so a grant (and, after an AM restart,
 * a container kept from the previous attempt) maps back to its bin. A container that ends while
 * the topology runs is asked for again.
 */
final class YarnScheduler implements Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(YarnScheduler.class);
  private static final int HEARTBEAT_MS = 500;

  /** Starts the executor of one index in a granted container. */
  interface ExecutorLaunch {
    org.apache.hadoop.yarn.api.records.ContainerLaunchContext forIndex(int index);
  }

  private final ContainerSizes sizes;
  private final ExecutorLaunch launch;
  private final Priority priority;
  private final long killTimeoutMs;
  private final AMRMClientAsync<ContainerRequest> rm;
  private final NMClientAsync nm;
  /**
   * Stops go through a synchronous client: the asynchronous one refuses containers it did not start
   * itself, which are exactly the ones adopted from a previous attempt.
   */
  private final NMClient stopper;
  /** Guarded by this: which YARN container runs which index, and what is still asked for. */
  private final Map<Integer, Container> running = new TreeMap<>();
  private final Map<Integer, ContainerRequest> pending = new HashMap<>();
  private boolean stopping;

  YarnScheduler(YarnConfiguration conf, ContainerSizes sizes, ExecutorLaunch launch, int priority, long killTimeoutMs) {
    this.sizes = sizes;
    this.launch = launch;
    this.priority = Priority.newInstance(priority);
    this.killTimeoutMs = killTimeoutMs;
    rm = AMRMClientAsync.createAMRMClientAsync(HEARTBEAT_MS, new RmEvents());
    rm.init(conf);
    nm = NMClientAsync.createNMClientAsync(new NmEvents());
    nm.init(conf);
    stopper = NMClient.createNMClient();
    stopper.init(conf);
    // closing the AM's clients must never take the containers along: a new attempt adopts them
    nm.getClient().cleanupRunningContainersOnStop(false);
    stopper.cleanupRunningContainersOnStop(false);
  }

  /** An index is carried as allocationRequestId index + 1, since 0 is YARN's "no id". */
  static long requestId(int index) {
    return index + 1L;
  }

  static int index(long requestId) {
    return (int) (requestId - 1);
  }

  /** Registers with the ResourceManager and adopts the containers a previous attempt left running. */
  void register(String host, int port, String trackingUrl) throws Exception {
    rm.start();
    nm.start();
    stopper.start();
    RegisterApplicationMasterResponse reg = rm.registerApplicationMaster(host, port, trackingUrl);
    synchronized (this) {
      for (Container c : reg.getContainersFromPreviousAttempts()) {
        int index = index(c.getAllocationRequestId());
        if (sizes.of(index) == null || running.containsKey(index)) {
          LOG.warn("container {} of a previous attempt has no free index ({}); releasing it", c.getId(), index);
          rm.releaseAssignedContainer(c.getId());
          continue;
        }
        running.put(index, c);
        LOG.info("adopted container {} on {} as index {}", c.getId(), c.getNodeId(), index);
      }
    }
  }

  /** Asks for every index of the plan (and container 0) that has no container yet. */
  @Override
  public synchronized void schedule(PackingPlan plan) {
    for (int index : sizes.all().keySet()) {
      if (!running.containsKey(index) && !pending.containsKey(index)) {
        request(index);
      }
    }
  }

  private void request(int index) {
    ContainerRequest req = ContainerRequest.newBuilder().capability(sizes.of(index)).priority(priority)
        .allocationRequestId(requestId(index)).relaxLocality(true).build();
    pending.put(index, req);
    rm.addContainerRequest(req);
    LOG.info("asked YARN for container {}: {}", index, sizes.of(index));
  }

  /** Which YARN container runs each index now. */
  synchronized Map<Integer, ContainerId> containers() {
    Map<Integer, ContainerId> out = new TreeMap<>();
    running.forEach((i, c) -> out.put(i, c.getId()));
    return out;
  }

  @Override
  public void kill() throws SchedulerException {
    List<Container> toStop;
    synchronized (this) {
      stopping = true;
      pending.values().forEach(rm::removeContainerRequest);
      pending.clear();
      toStop = new ArrayList<>(running.values());
    }
    toStop.forEach(this::stop);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killTimeoutMs);
    synchronized (this) {
      while (!running.isEmpty()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          // unregistering makes the ResourceManager end what is left
          LOG.warn("containers still running after {} ms: {}", killTimeoutMs, running.keySet());
          return;
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SchedulerException("interrupted while stopping containers");
        }
      }
    }
    LOG.info("every container stopped");
  }

  @Override
  public void restart(int container) throws SchedulerException {
    List<Container> toStop = new ArrayList<>();
    synchronized (this) {
      if (container < 0) {
        toStop.addAll(running.values());
      } else if (running.containsKey(container)) {
        toStop.add(running.get(container));
      } else {
        throw new SchedulerException("container " + container + " is not running (running: " + running.keySet()
            + ", asked for: " + pending.keySet() + ")");
      }
    }
    // a stopped container completes like a crashed one, and is asked for again
    toStop.forEach(this::stop);
  }

  private void stop(Container c) {
    try {
      stopper.stopContainer(c.getId(), c.getNodeId());
      LOG.info("stopped container {}", c.getId());
    } catch (Exception e) {
      // e.g. it ended meanwhile; the ResourceManager reports it completed either way
      LOG.warn("cannot stop container {}: {}", c.getId(), e.toString());
    }
  }

  /** Tells the ResourceManager the application is over; YARN ends whatever is still running. */
  void unregister(FinalApplicationStatus status, String message) {
    try {
      rm.unregisterApplicationMaster(status, message, null);
    } catch (Exception e) {
      LOG.warn("cannot unregister from the ResourceManager", e);
    }
  }

  @Override
  public void addContainers(org.egret.proto.PackingPlan next, java.util.List<org.egret.proto.ContainerPlan> added,
      java.time.Duration timeout) throws SchedulerException {
    throw new SchedulerException("update is not implemented by this scheduler yet");
  }

  @Override
  public void removeContainers(java.util.List<Integer> containers) throws SchedulerException {
    throw new SchedulerException("update is not implemented by this scheduler yet");
  }

  @Override
  public void close() {
    stopper.stop();
    nm.stop();
    rm.stop();
  }

  private final class RmEvents extends AMRMClientAsync.AbstractCallbackHandler {
    @Override
    public void onContainersAllocated(List<Container> containers) {
      for (Container c : containers) {
        int index = index(c.getAllocationRequestId());
        boolean use;
        synchronized (YarnScheduler.this) {
          ContainerRequest req = pending.remove(index);
          use = req != null && !stopping;
          if (req != null) {
            rm.removeContainerRequest(req);
          }
          if (use) {
            running.put(index, c);
          }
        }
        if (!use) {
          LOG.info("releasing container {}: index {} is not asked for", c.getId(), index);
          rm.releaseAssignedContainer(c.getId());
          continue;
        }
        LOG.info("container {} on {} ({}) runs index {}", c.getId(), c.getNodeId(), c.getResource(), index);
        nm.startContainerAsync(c, launch.forIndex(index));
      }
    }

    @Override
    public void onContainersCompleted(List<ContainerStatus> statuses) {
      synchronized (YarnScheduler.this) {
        for (ContainerStatus st : statuses) {
          Integer index = null;
          for (Map.Entry<Integer, Container> e : running.entrySet()) {
            if (e.getValue().getId().equals(st.getContainerId())) {
              index = e.getKey();
            }
          }
          if (index == null) {
            continue;
          }
          running.remove(index);
          LOG.info("container {} (index {}) ended: exit {} {}", st.getContainerId(), index, st.getExitStatus(),
              st.getDiagnostics().trim());
          if (!stopping) {
            request(index);
          }
        }
        YarnScheduler.this.notifyAll();
      }
    }

    @Override
    public void onContainersUpdated(List<UpdatedContainer> containers) {
    }

    @Override
    public void onShutdownRequest() {
      LOG.error("the ResourceManager asked this ApplicationMaster to shut down");
      Runtime.getRuntime().halt(1);
    }

    @Override
    public void onNodesUpdated(List<NodeReport> updated) {
    }

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

  private final class NmEvents extends NMClientAsync.AbstractCallbackHandler {
    @Override
    public void onContainerStarted(ContainerId id, Map<String, ByteBuffer> serviceData) {
      LOG.debug("container {} started", id);
    }

    @Override
    public void onStartContainerError(ContainerId id, Throwable t) {
      // the ResourceManager reports it completed, which asks for the index again
      LOG.error("cannot start container {}", id, t);
      rm.releaseAssignedContainer(id);
    }

    @Override
    public void onContainerStatusReceived(ContainerId id, ContainerStatus status) {
    }

    @Override
    public void onContainerStopped(ContainerId id) {
      LOG.info("container {} stopped", id);
    }

    @Override
    public void onGetContainerStatusError(ContainerId id, Throwable t) {
    }

    @Override
    public void onContainerResourceIncreased(ContainerId id, org.apache.hadoop.yarn.api.records.Resource r) {
    }

    @Override
    public void onContainerResourceUpdated(ContainerId id, org.apache.hadoop.yarn.api.records.Resource r) {
    }

    @Override
    public void onIncreaseContainerResourceError(ContainerId id, Throwable t) {
    }

    @Override
    public void onUpdateContainerResourceError(ContainerId id, Throwable t) {
    }

    @Override
    public void onStopContainerError(ContainerId id, Throwable t) {
      LOG.warn("cannot stop container {}", id, t);
    }
  }
}
