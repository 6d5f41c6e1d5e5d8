package org.egret.scheduler.yarn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.NMClient;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;
import org.egret.scheduler.ContainerFailurePolicy;
import org.egret.scheduler.Scheduler;
import org.egret.scheduler.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The YARN side of the scheduler SPI, run by the ApplicationMaster. It asks for one container per
 * index (0 = Topology Master, 1..N = the packing plan's bins) with that bin's memory and vcores,
 * tagged with the index as its {@code allocationRequestId}, so a grant (and, after an AM restart,
 * a container kept from the previous attempt) maps back to its bin. A container that ends while
 * the topology runs is asked for again, as long as its index is still part of the plan: an update
 * adds indexes (asked for, then awaited until their NodeManager started them) and removes them
 * (stopped and never asked for again).
 *
 * <p>A container that fails (ends unasked, not preempted) is asked for again after a back-off that
 * doubles while that index keeps failing; a node where containers keep failing goes on the
 * application's blacklist for a while; too many failures within a window give the topology up: it
 * is marked FAILED (through {@link ContainerEndings.Reports}) and nothing is asked for again, while the
 * containers still running stay, so {@code egret kill} still cleans up (see
 * {@link ContainerFailurePolicy}).
 */
final class YarnScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(YarnScheduler.class);

    /** Starts the executor of one index in a granted container. */
    interface ExecutorLaunch {
        ContainerLaunchContext forIndex(int index);
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
    /** Containers whose NodeManager reported them started (an update waits for these). */
    private final Set<ContainerId> started = new HashSet<>();
    /** Why an index being added could not be started, so the update fails at once instead of at its timeout. */
    private final Map<Integer, String> startErrors = new HashMap<>();

    private Set<Integer> adding = Set.of();
    /** The largest container YARN grants, known once registered. */
    private Resource maxCapability;

    private boolean stopping;
    /** Containers stopped by a restart: their end is no failure. */
    private final Set<ContainerId> bounced = new HashSet<>();

    private final ContainerEndings endings;
    private final ContainerEndings.Reports failures;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "container-backoff");
        t.setDaemon(true);
        return t;
    });

    YarnScheduler(
            YarnConfiguration conf,
            ContainerSizes sizes,
            ExecutorLaunch launch,
            int priority,
            long killTimeoutMs,
            ContainerFailurePolicy.Settings failureSettings,
            ContainerEndings.Reports failures) {
        this(YarnClients.of(conf), sizes, launch, priority, killTimeoutMs, failureSettings, failures);
    }

    YarnScheduler(
            YarnClients clients,
            ContainerSizes sizes,
            ExecutorLaunch launch,
            int priority,
            long killTimeoutMs,
            ContainerFailurePolicy.Settings failureSettings,
            ContainerEndings.Reports failures) {
        this.endings = new ContainerEndings(failureSettings);
        this.failures = failures;
        long everyMs = Math.max(1000, failureSettings.windowMs() / 10);
        timer.scheduleWithFixedDelay(this::unlistRecoveredNodes, everyMs, everyMs, TimeUnit.MILLISECONDS);
        this.sizes = sizes;
        this.launch = launch;
        this.priority = Priority.newInstance(priority);
        this.killTimeoutMs = killTimeoutMs;
        rm = clients.rm(new ResourceManagerEvents(this::containersAllocated, this::containersCompleted));
        nm = clients.nm(new NodeManagerEvents(this::containerStarted, this::containerFailedToStart));
        stopper = clients.stopper();
        // closing the AM's clients must never take the containers along: a new attempt adopts them
        nm.getClient().cleanupRunningContainersOnStop(false);
        stopper.cleanupRunningContainersOnStop(false);
    }

    /** Registers with the ResourceManager and adopts the containers a previous attempt left running. */
    void register(String host, int port, String trackingUrl) throws Exception {
        rm.start();
        nm.start();
        stopper.start();
        RegisterApplicationMasterResponse reg = rm.registerApplicationMaster(host, port, trackingUrl);
        synchronized (this) {
            maxCapability = reg.getMaximumResourceCapability();
            for (Container c : reg.getContainersFromPreviousAttempts()) {
                int index = AllocationIds.index(c.getAllocationRequestId());
                if (sizes.of(index) == null || running.containsKey(index)) {
                    LOG.warn(
                            "container {} of a previous attempt has no free index ({}); releasing it",
                            c.getId(),
                            index);
                    rm.releaseAssignedContainer(c.getId());
                    continue;
                }
                running.put(index, c);
                LOG.info("adopted container {} on {} as index {}", c.getId(), c.getNodeId(), index);
            }
        }
    }

    /**
     * The topology was given up already (by a previous attempt of this AM): a new attempt adopts what
     * still runs but asks for nothing.
     */
    synchronized void givenUpBefore(String why) {
        endings.givenUpBefore();
        LOG.warn("the topology was given up before ({}); asking YARN for no container", why);
    }

    /** Asks for every index of the plan (and container 0) that has no container yet, unless the topology was given up. */
    @Override
    public synchronized void schedule(PackingPlan plan) {
        if (endings.gaveUp()) {
            return;
        }
        for (int index : sizes.all().keySet()) {
            if (!running.containsKey(index) && !pending.containsKey(index)) {
                request(index);
            }
        }
    }

    private void request(int index) {
        ContainerRequest req = ContainerRequest.newBuilder()
                .capability(sizes.of(index))
                .priority(priority)
                .allocationRequestId(AllocationIds.requestId(index))
                .relaxLocality(true)
                .build();
        pending.put(index, req);
        rm.addContainerRequest(req);
        LOG.info("asked YARN for container {}: {}", index, sizes.of(index));
    }

    /**
     * The NodeManager web page of each running container's logs (what the ResourceManager UI links to):
     * {@code <scheme><node http address>/node/containerlogs/<container id>/<user>}.
     */
    synchronized Map<Integer, String> logUrls(String scheme, String user) {
        Map<Integer, String> out = new TreeMap<>();
        running.forEach((i, c) ->
                out.put(i, scheme + c.getNodeHttpAddress() + "/node/containerlogs/" + c.getId() + "/" + user));
        return out;
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
            // an update waiting for new containers gives up
            notifyAll();
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
        // a stopped container completes like a crashed one, and is asked for again at once
        synchronized (this) {
            toStop.forEach(c -> bounced.add(c.getId()));
        }
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

    /**
     * Asks for the added bins and waits until each runs. Giving up (timeout, a container that cannot be
     * started, kill) withdraws the requests and stops what was granted before it throws, so YARN is left
     * as before; a grant that was already on its way is released when it arrives.
     */
    @Override
    public void addContainers(PackingPlan next, List<ContainerPlan> added, Duration timeout) throws SchedulerException {
        if (added.isEmpty()) {
            return;
        }
        Map<Integer, Resource> want = new TreeMap<>();
        for (ContainerPlan c : added) {
            want.put(c.getId(), ContainerSizes.of(c));
        }
        String failure;
        synchronized (this) {
            if (stopping) {
                throw new SchedulerException("the topology is being killed");
            }
            for (Map.Entry<Integer, Resource> e : want.entrySet()) {
                int index = e.getKey();
                if (index <= 0 || sizes.of(index) != null || running.containsKey(index) || pending.containsKey(index)) {
                    throw new SchedulerException(
                            "container " + index + " cannot be added: it is container 0 or already part of "
                                    + "the topology (containers: " + sizes.all().keySet() + ")");
                }
                if (maxCapability != null) {
                    ContainerSizes.checkFits(index, e.getValue(), maxCapability);
                }
            }
            adding = want.keySet();
            startErrors.clear();
            want.forEach((index, size) -> {
                sizes.add(index, size);
                request(index);
            });
            long t0 = System.nanoTime();
            long deadline = t0 + timeout.toNanos();
            try {
                while (true) {
                    List<Integer> waiting =
                            want.keySet().stream().filter(i -> !runs(i)).toList();
                    if (waiting.isEmpty()) {
                        LOG.info(
                                "added containers {} run after {} ms: {}",
                                want.keySet(),
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                                containers());
                        return;
                    }
                    if (!startErrors.isEmpty()) {
                        failure = "YARN could not start new container(s) " + startErrors;
                        break;
                    }
                    if (stopping) {
                        failure = "the topology is being killed";
                        break;
                    }
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        failure = timeoutReason(want, timeout);
                        break;
                    }
                    wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted while waiting for the new containers";
            } finally {
                adding = Set.of();
            }
        }
        LOG.warn("giving up adding containers {}: {}", want.keySet(), failure);
        try {
            retire(want.keySet());
        } catch (SchedulerException e) {
            throw new SchedulerException(failure + "; stopping what was granted failed too: " + e.getMessage(), e);
        }
        throw new SchedulerException(failure);
    }

    /** Holds the lock: a container runs the index and its NodeManager has started it. */
    private boolean runs(int index) {
        Container c = running.get(index);
        return c != null && started.contains(c.getId());
    }

    /** Holds the lock. */
    private String timeoutReason(Map<Integer, Resource> want, Duration timeout) {
        List<Integer> notStarted = want.keySet().stream().filter(i -> !runs(i)).toList();
        return GrantTimeout.reason(want, running.keySet(), notStarted, timeout, rm.getAvailableResources());
    }

    @Override
    public void removeContainers(List<Integer> containers) throws SchedulerException {
        if (containers.contains(0)) {
            throw new SchedulerException("container 0 (the Topology Master) is never removed");
        }
        retire(containers);
    }

    /**
     * Forgets the indexes (so nothing asks for them again), withdraws their requests, stops their
     * containers and waits until YARN reports them completed. A container still stopping after half
     * the kill timeout is released to the ResourceManager, which has its NodeManager end it.
     */
    private void retire(Collection<Integer> indexes) throws SchedulerException {
        Map<Integer, Container> toStop = new TreeMap<>();
        synchronized (this) {
            for (int index : indexes) {
                sizes.remove(index);
                ContainerRequest req = pending.remove(index);
                if (req != null) {
                    rm.removeContainerRequest(req);
                    LOG.info("withdrew the request for container {}", index);
                }
                Container c = running.get(index);
                if (c != null) {
                    toStop.put(index, c);
                }
            }
        }
        for (Container c : toStop.values()) {
            boolean wasStarted;
            synchronized (this) {
                wasStarted = started.contains(c.getId());
            }
            if (wasStarted) {
                stop(c);
            } else {
                // its NodeManager may not know it yet; the ResourceManager ends it wherever it is
                rm.releaseAssignedContainer(c.getId());
                LOG.info("released container {} (never started)", c.getId());
            }
        }
        long half = TimeUnit.MILLISECONDS.toNanos(Math.max(1, killTimeoutMs / 2));
        Set<ContainerId> left = awaitCompleted(toStop.values(), System.nanoTime() + half);
        if (!left.isEmpty()) {
            LOG.warn("containers {} still run {} ms after being stopped; releasing them", left, killTimeoutMs / 2);
            left.forEach(rm::releaseAssignedContainer);
            left = awaitCompleted(toStop.values(), System.nanoTime() + half);
        }
        if (!left.isEmpty()) {
            throw new SchedulerException("containers " + left + " (indexes " + toStop.keySet()
                    + ") did not complete within " + killTimeoutMs + " ms of being stopped");
        }
        if (!toStop.isEmpty()) {
            LOG.info("containers {} stopped and completed", toStop.keySet());
        }
    }

    /** The containers among {@code cs} that YARN has not reported completed by the deadline. */
    private synchronized Set<ContainerId> awaitCompleted(Collection<Container> cs, long deadline)
            throws SchedulerException {
        while (true) {
            Set<ContainerId> live = new HashSet<>();
            for (Container c : running.values()) {
                live.add(c.getId());
            }
            Set<ContainerId> left = new HashSet<>();
            for (Container c : cs) {
                if (live.contains(c.getId())) {
                    left.add(c.getId());
                }
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left.isEmpty() || ms <= 0) {
                return left;
            }
            try {
                wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchedulerException("interrupted while waiting for containers to stop");
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        stopper.stop();
        nm.stop();
        rm.stop();
    }

    /** A failed index is asked for again when its back-off has passed, unless it runs or left meanwhile. */
    private synchronized void requestAgain(int index) {
        if (!stopping
                && !endings.gaveUp()
                && sizes.of(index) != null
                && !running.containsKey(index)
                && !pending.containsKey(index)) {
            request(index);
        }
    }

    private void unlistRecoveredNodes() {
        List<String> back;
        synchronized (this) {
            back = endings.expired(System.currentTimeMillis());
        }
        if (!back.isEmpty()) {
            LOG.info("no container failed on {} for a window: taking it off the blacklist", back);
            rm.updateBlacklist(List.of(), back);
        }
    }

    /** A failure to record, taken under the scheduler's lock and reported after it (the state manager may be slow). */
    private record Failed(int index, String node, String reason) {}

    /** Containers the ResourceManager granted: each runs the index it was asked for, or is released. */
    private void containersAllocated(List<Container> containers) {
        for (Container c : containers) {
            int index = AllocationIds.index(c.getAllocationRequestId());
            boolean use;
            synchronized (this) {
                ContainerRequest req = pending.remove(index);
                use = req != null && !stopping;
                if (req != null) {
                    rm.removeContainerRequest(req);
                }
                if (use) {
                    running.put(index, c);
                }
                this.notifyAll();
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

    /** Containers that ended: counted against the failure policy, asked for again or given up. */
    private void containersCompleted(List<ContainerStatus> statuses) {
        List<Failed> recorded = new ArrayList<>();
        String giveUpWhy = null;
        synchronized (this) {
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
                Container ended = running.remove(index);
                started.remove(st.getContainerId());
                boolean inPlan = sizes.of(index) != null;
                boolean asked = bounced.remove(st.getContainerId());
                LOG.info(
                        "container {} (index {}) ended: exit {} {}{}",
                        st.getContainerId(),
                        index,
                        st.getExitStatus(),
                        st.getDiagnostics().trim(),
                        inPlan ? "" : " (removed from the plan)");
                if (stopping || !inPlan || endings.gaveUp()) {
                    continue;
                }
                String node = ended.getNodeId() == null ? "" : ended.getNodeId().getHost();
                ContainerEndings.Verdict v =
                        endings.ended(index, st, asked, node, System.currentTimeMillis(), rm.getClusterNodeCount());
                if (!v.counted()) {
                    request(index);
                    continue;
                }
                if (!v.blacklist().isEmpty()) {
                    LOG.warn(
                            "containers keep failing on {}: blacklisting it for the application (blacklisted now: {})",
                            v.blacklist(),
                            endings.blacklisted());
                    rm.updateBlacklist(v.blacklist(), List.of());
                }
                if (v.failure() != null) {
                    recorded.add(new Failed(index, node, v.failure()));
                }
                if (v.giveUp() != null) {
                    pending.values().forEach(rm::removeContainerRequest);
                    pending.clear();
                    giveUpWhy = v.giveUp();
                    continue;
                }
                LOG.warn("asking for container {} again in {} ms (it failed on {})", index, v.againAfterMs(), node);
                int again = index;
                timer.schedule(() -> requestAgain(again), v.againAfterMs(), TimeUnit.MILLISECONDS);
            }
            this.notifyAll();
        }
        for (Failed f : recorded) {
            failures.containerFailed(f.index(), f.node(), f.reason());
        }
        if (giveUpWhy != null) {
            failures.gaveUp(giveUpWhy);
        }
    }

    private synchronized void containerStarted(ContainerId id) {
        started.add(id);
        notifyAll();
    }

    /** The ResourceManager reports it completed, which asks for the index again (unless an update gives it up). */
    private void containerFailedToStart(ContainerId id, Throwable t) {
        synchronized (this) {
            running.forEach((index, c) -> {
                if (c.getId().equals(id) && adding.contains(index)) {
                    startErrors.put(index, id + ": " + t);
                }
            });
            notifyAll();
        }
        rm.releaseAssignedContainer(id);
    }
}
