package org.egret.scheduler.mesos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;
import org.egret.runtime.Backoff;
import org.egret.scheduler.Scheduler;
import org.egret.scheduler.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topology's Mesos framework: subscribes, places waiting containers on offers, relaunches
 * failed ones as new attempts, adds and removes containers for an update, and on kill stops every
 * task and tears the framework down. All decisions run on one thread ({@code mesos-framework}); the
 * connection's reader only hands events over, so a slow call never stalls the event stream.
 */
public final class MesosFramework implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(MesosFramework.class);
    /** Filter on accepted offers: what is left of them comes back soon for the next container. */
    private static final double ACCEPT_REFUSE_SECONDS = 1;

    private static final long KILL_RETRY_MS = 3000;

    private final FrameworkSettings settings;
    private final Map<Integer, ContainerNeed> needs;
    private final ContainerTasks tasks;
    private final FrameworkIdStore idStore;
    private final TaskAttempts attempts;
    private final AgentHealth agentHealth;
    private final AddedContainers joining;
    private final boolean restarted;
    private final Map<String, AgentID> agents = new HashMap<>();
    /** Per container an update is adding, how its last attempt ended, for the update's error message. */
    private final Map<Integer, String> lastFailure = new HashMap<>();

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mesos-framework");
        t.setDaemon(true);
        return t;
    });
    private final SchedulerConnection connection;
    private Consumer<String> onFatal = why -> {};
    private Consumer<String> onGaveUp = why -> {};
    private volatile String frameworkId;
    private volatile boolean failed;
    private boolean suppressed;
    private boolean killing;
    private boolean subscribedOnce;

    public MesosFramework(
            FrameworkSettings settings,
            Map<Integer, ContainerNeed> needs,
            ContainerTasks tasks,
            FrameworkIdStore idStore,
            Backoff backoff) {
        this.settings = settings;
        this.needs = new TreeMap<>(needs); // updates add and remove containers
        this.tasks = tasks;
        this.idStore = idStore;
        this.frameworkId = idStore.load().orElse(null);
        this.restarted = frameworkId != null;
        this.attempts = new TaskAttempts(
                tasks.topology(), needs.keySet(), settings.maxAttempts(), restarted, idStore.loadAttempts());
        this.agentHealth = new AgentHealth(settings.agentHealth());
        this.joining = new AddedContainers(attempts, this.needs, lastFailure, settings.maxAttempts());
        this.connection = new SchedulerConnection(
                settings.master(),
                this::subscribeCall,
                new SchedulerConnection.Listener() {
                    @Override
                    public void onEvent(Event event) {
                        loop.execute(() -> handle(event));
                    }

                    @Override
                    public void onDisconnected(String why) {
                        LOG.info("disconnected from the master: {}", why);
                    }
                },
                backoff);
    }

    /** Called (on the framework's thread) when a container failed too often and the topology is FAILED. */
    public MesosFramework onGaveUp(Consumer<String> callback) {
        this.onGaveUp = callback;
        return this;
    }

    /** Called once with the reason when the master refuses this framework for good (ERROR event). */
    public MesosFramework onFatal(Consumer<String> callback) {
        this.onFatal = callback;
        return this;
    }

    @Override
    public void schedule(PackingPlan plan) {
        if (restarted) {
            LOG.info(
                    "resubscribing as framework {}; containers wait {} ms for reconciliation",
                    frameworkId,
                    settings.reconcileGrace().toMillis());
            loop.schedule(
                    () -> {
                        attempts.unknownArePending();
                        reviseSuppression();
                    },
                    settings.reconcileGrace().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        connection.start();
    }

    private Call subscribeCall() {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder()
                .setUser(settings.user())
                .setName(settings.name())
                .addRoles(settings.role())
                .addCapabilities(
                        FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
                .setFailoverTimeout(settings.failoverTimeout().toSeconds())
                .setCheckpoint(true);
        if (!settings.principal().isEmpty()) {
            info.setPrincipal(settings.principal());
        }
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE);
        String id = frameworkId;
        if (id != null) {
            info.setId(FrameworkID.newBuilder().setValue(id));
            call.setFrameworkId(FrameworkID.newBuilder().setValue(id));
        }
        return call.setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info))
                .build();
    }

    private void handle(Event event) {
        try {
            switch (event.getType()) {
                case SUBSCRIBED -> subscribed(event.getSubscribed());
                case OFFERS -> offers(event.getOffers().getOffersList());
                case UPDATE -> update(event.getUpdate().getStatus());
                case RESCIND ->
                    LOG.debug(
                            "offer {} rescinded",
                            event.getRescind().getOfferId().getValue());
                case FAILURE -> {
                    LOG.warn("failure reported by the master: {}", event.getFailure());
                    if (event.getFailure().hasAgentId() && !event.getFailure().hasExecutorId()) { // the agent is gone
                        agentHealth.lost(event.getFailure().getAgentId().getValue());
                    }
                }
                case ERROR ->
                    fatal("the master reports an error: " + event.getError().getMessage());
                case HEARTBEAT, MESSAGE, INVERSE_OFFERS, RESCIND_INVERSE_OFFER, UPDATE_OPERATION_STATUS, UNKNOWN -> {}
                default -> {}
            }
        } catch (RuntimeException e) {
            LOG.error("handling {} failed", event.getType(), e);
        }
    }

    private void subscribed(Event.Subscribed s) {
        frameworkId = s.getFrameworkId().getValue();
        idStore.save(frameworkId);
        LOG.info("subscribed as framework {}{}", frameworkId, subscribedOnce ? " (again)" : "");
        subscribedOnce = true;
        suppressed = false; // a (re)subscription starts unsuppressed
        Call.Reconcile.Builder rec = Call.Reconcile.newBuilder();
        for (String id : attempts.liveTaskIds()) {
            Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder()
                    .setTaskId(TaskID.newBuilder().setValue(id));
            Optional.ofNullable(agents.get(id)).ifPresent(t::setAgentId);
            rec.addTasks(t);
        }
        send(call(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()).build()); // implicit: all tasks
        if (rec.getTasksCount() > 0) {
            send(call(Call.Type.RECONCILE).setReconcile(rec).build());
        }
        reviseSuppression();
    }

    private void offers(List<Offer> offers) {
        long now = System.nanoTime();
        offers.forEach(o -> agentHealth.offered(o.getAgentId().getValue(), now));
        // a REVIVE lifts the master's filters on refused agents too, so their offers come back and are skipped here
        List<Offer> refused = offers.stream()
                .filter(o -> agentHealth.refused(o.getAgentId().getValue(), now))
                .toList();
        List<Offer> usable = offers.stream().filter(o -> !refused.contains(o)).toList();
        List<ContainerNeed> waiting = killing
                ? List.of()
                : attempts.pending().stream().map(needs::get).toList();
        OfferMatcher.Result match = OfferMatcher.match(usable, waiting);
        match.byOffer().forEach((offer, placements) -> {
            Call.Accept.Builder accept = Call.Accept.newBuilder()
                    .addOfferIds(offer.getId())
                    .setFilters(Filters.newBuilder().setRefuseSeconds(ACCEPT_REFUSE_SECONDS));
            Offer.Operation.Launch.Builder launch = Offer.Operation.Launch.newBuilder();
            List<String> ids = new ArrayList<>();
            for (OfferMatcher.Placement p : placements) {
                String taskId = attempts.launch(p.need().container());
                ids.add(taskId);
                agents.put(taskId, offer.getAgentId());
                launch.addTaskInfos(tasks.build(taskId, p.need().container(), offer, p.resources()));
                LOG.info(
                        "launching {} on agent {} ({})",
                        taskId,
                        offer.getAgentId().getValue(),
                        offer.getHostname());
            }
            accept.addOperations(Offer.Operation.newBuilder()
                    .setType(Offer.Operation.Type.LAUNCH)
                    .setLaunch(launch));
            saveAttempts();
            if (!send(call(Call.Type.ACCEPT).setAccept(accept).build())) {
                ids.forEach(attempts::launchFailed);
            }
        });
        if (!match.unused().isEmpty()) {
            Call.Decline.Builder decline = Call.Decline.newBuilder()
                    .setFilters(Filters.newBuilder().setRefuseSeconds(settings.refuseSeconds()));
            match.unused().forEach(o -> decline.addOfferIds(o.getId()));
            send(call(Call.Type.DECLINE).setDecline(decline).build());
        }
        for (Offer o : refused) {
            long seconds = agentHealth
                    .refusedForSeconds(o.getAgentId().getValue(), now)
                    .orElse(settings.refuseSeconds());
            LOG.info(
                    "declining the offer of agent {} ({}) for {} s: containers keep failing there",
                    o.getAgentId().getValue(),
                    o.getHostname(),
                    seconds);
            send(call(Call.Type.DECLINE)
                    .setDecline(Call.Decline.newBuilder()
                            .addOfferIds(o.getId())
                            .setFilters(Filters.newBuilder().setRefuseSeconds(seconds)))
                    .build());
        }
        reviseSuppression();
    }

    /** Before a launch, so a restarted scheduler numbers its attempts above every task id already used. */
    private void saveAttempts() {
        try {
            idStore.saveAttempts(attempts.lastAttempts());
        } catch (UncheckedIOException e) {
            LOG.warn(
                    "cannot record the attempt numbers ({}); a restarted scheduler may reuse a finished task's id",
                    e.getMessage());
        }
    }

    private void update(TaskStatus status) {
        String taskId = status.getTaskId().getValue();
        if (status.hasUuid()) { // updates from reconciliation carry none and must not be acknowledged
            send(call(Call.Type.ACKNOWLEDGE)
                    .setAcknowledge(Call.Acknowledge.newBuilder()
                            .setAgentId(status.getAgentId())
                            .setTaskId(status.getTaskId())
                            .setUuid(status.getUuid()))
                    .build());
        }
        if (status.hasAgentId()) {
            agents.putIfAbsent(taskId, status.getAgentId());
        }
        Optional<Integer> container = attempts.containerOf(taskId);
        TaskAttempts.Outcome outcome = attempts.onUpdate(taskId, status.getState());
        AgentID agent = status.hasAgentId() ? status.getAgentId() : agents.get(taskId);
        if (agent != null) {
            agentHealth.taskEnded(agent.getValue(), status, outcome, System.nanoTime());
        }
        if (container.isPresent()
                && (outcome == TaskAttempts.Outcome.RELAUNCH || outcome == TaskAttempts.Outcome.JOIN_FAILED)) {
            lastFailure.put(
                    container.get(),
                    taskId + " ended " + status.getState() + " (" + status.getReason()
                            + (status.getMessage().isEmpty() ? "" : ": " + status.getMessage()) + ")");
        }
        TaskStatusLog.log(taskId, status, outcome, settings.maxAttempts());
        if (outcome == TaskAttempts.Outcome.ORPHAN) {
            // e.g. an update removed its container while this scheduler was down: nothing may run outside the plan
            sendKill(taskId);
        } else if (outcome == TaskAttempts.Outcome.GAVE_UP) {
            failed = true;
            onGaveUp.accept(taskId + " ended " + status.getState() + " after " + settings.maxAttempts() + " attempts");
        }
        if (outcome == TaskAttempts.Outcome.RELAUNCH
                || outcome == TaskAttempts.Outcome.STOPPED
                || outcome == TaskAttempts.Outcome.GAVE_UP
                || outcome == TaskAttempts.Outcome.JOIN_FAILED
                || outcome == TaskAttempts.Outcome.REMOVED) {
            agents.remove(taskId);
        }
        reviseSuppression();
    }

    /** Offers only while something waits for one: SUPPRESS when nothing does, REVIVE when something does. */
    private void reviseSuppression() {
        boolean want = !killing && !attempts.pending().isEmpty();
        if (want && suppressed) {
            if (send(call(Call.Type.REVIVE).build())) {
                suppressed = false;
            }
        } else if (!want && !suppressed && connection.connected()) {
            if (send(call(Call.Type.SUPPRESS).build())) {
                suppressed = true;
            }
        }
    }

    private void fatal(String why) {
        LOG.error("{}", why);
        failed = true;
        connection.close();
        onFatal.accept(why);
    }

    private Call.Builder call(Call.Type type) {
        Call.Builder b = Call.newBuilder().setType(type);
        if (frameworkId != null) {
            b.setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
        }
        return b;
    }

    private boolean send(Call call) {
        try {
            connection.send(call);
            return true;
        } catch (IOException e) {
            LOG.warn("{} not delivered: {}", call.getType(), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills every task, waits for their terminal updates, then tears the framework down. */
    @Override
    public void kill() throws SchedulerException {
        long deadline = System.nanoTime() + settings.killTimeout().toNanos();
        List<String> toKill = onLoop(() -> {
            killing = true;
            return attempts.killAll();
        });
        LOG.info("killing {} task(s)", toKill.size());
        long nextKill = 0;
        while (!onLoop(attempts::allStopped)) {
            if (System.nanoTime() > deadline) {
                throw new SchedulerException("tasks did not stop within "
                        + settings.killTimeout().toSeconds() + " s: " + onLoop(attempts::liveTaskIds));
            }
            if (System.nanoTime() > nextKill) { // KILL again: the master may have missed it (failover)
                onLoop(() -> {
                    attempts.liveTaskIds().forEach(this::sendKill);
                    return null;
                });
                nextKill = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_RETRY_MS);
            }
            pause(100);
        }
        boolean torn = onLoop(() -> send(call(Call.Type.TEARDOWN).build()));
        if (!torn) {
            throw new SchedulerException("TEARDOWN was not accepted by the master at " + connection.endpoint());
        }
        idStore.delete();
        LOG.info("framework {} torn down", frameworkId);
    }

    @Override
    public void restart(int container) throws SchedulerException {
        List<Integer> which = container < 0 ? List.copyOf(onLoop(attempts::containers)) : List.of(container);
        try {
            onLoop(() -> {
                for (int c : which) {
                    attempts.requestRestart(c).ifPresent(this::sendKill);
                }
                reviseSuppression();
                return null;
            });
        } catch (IllegalArgumentException e) {
            throw new SchedulerException(e.getMessage());
        }
    }

    private void sendKill(String taskId) {
        Call.Kill.Builder k =
                Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
        Optional.ofNullable(agents.get(taskId)).ifPresent(k::setAgentId);
        send(call(Call.Type.KILL).setKill(k).build());
    }

    /**
     * Asks for offers for the containers an update adds and returns once each one's task is
     * TASK_RUNNING. They are launched as any container is (their executors wait until the packing
     * plan names them); if one is still waiting for an offer at the deadline, or fails as often as
     * egret.mesos.max.attempts allows, every one of them is killed and forgotten, and the update fails
     * without marking the topology FAILED.
     */
    @Override
    public void addContainers(PackingPlan next, List<ContainerPlan> added, Duration timeout) throws SchedulerException {
        if (added.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> ids = added.stream().map(ContainerPlan::getId).toList();
        onLoop(() -> {
            if (killing) {
                throw new IllegalStateException("the topology is being killed");
            }
            for (int c : ids) {
                if (c == 0 || attempts.containers().contains(c)) {
                    throw new IllegalStateException("container " + c + " already exists");
                }
                if (attempts.has(c)) {
                    throw new IllegalStateException("container " + c + " is still being stopped by an earlier update");
                }
            }
            for (ContainerPlan c : added) {
                needs.put(c.getId(), ContainerNeeds.of(c, settings.containerPorts()));
                attempts.add(c.getId());
                lastFailure.remove(c.getId());
            }
            // REVIVE even when not suppressed: it also lifts the filters of offers declined while nothing waited
            if (send(call(Call.Type.REVIVE).build())) {
                suppressed = false;
            }
            return null;
        });
        LOG.info("update: waiting up to {} s for containers {} to run", timeout.toSeconds(), ids);
        Optional<String> failure;
        while (true) {
            boolean late = System.nanoTime() > deadline;
            failure = onLoop(() -> joining.failure(ids, killing, late, timeout));
            if (failure.isPresent() || onLoop(() -> joining.allJoined(ids))) {
                break;
            }
            pause(100);
        }
        if (failure.isEmpty()) {
            LOG.info("update: containers {} are running", ids);
            return;
        }
        LOG.error("update: {}; stopping containers {}", failure.get(), ids);
        try {
            removeContainers(ids);
        } catch (SchedulerException e) {
            throw new SchedulerException(
                    failure.get() + "; stopping the added containers failed too: " + e.getMessage(), e);
        }
        throw new SchedulerException(failure.get());
    }

    /**
     * Kills the tasks of containers an update removed (or added and is rolling back) and waits until
     * each has ended; they are never launched again, and their ends count as no failure.
     */
    @Override
    public void removeContainers(List<Integer> containers) throws SchedulerException {
        if (containers.isEmpty()) {
            return;
        }
        if (containers.contains(0)) {
            throw new SchedulerException("container 0 (the Topology Master) cannot be removed");
        }
        List<Integer> ids = List.copyOf(containers);
        long deadline = System.nanoTime() + settings.killTimeout().toNanos();
        onLoop(() -> {
            for (int c : ids) {
                Optional<String> task = attempts.remove(c);
                needs.remove(c);
                if (task.isPresent()) {
                    LOG.info("container {} leaves the plan; killing {}", c, task.get());
                    sendKill(task.get());
                } else {
                    LOG.info("container {} leaves the plan; no task of it runs", c);
                }
            }
            reviseSuppression();
            return null;
        });
        long nextKill = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_RETRY_MS);
        while (true) {
            List<Integer> left = onLoop(() -> ids.stream().filter(attempts::has).toList());
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new SchedulerException("the tasks of containers " + left + " did not stop within "
                        + settings.killTimeout().toSeconds() + " s");
            }
            if (System.nanoTime() > nextKill) { // KILL again: the master may have missed it (failover)
                onLoop(() -> {
                    left.forEach(c -> attempts.taskId(c).ifPresent(this::sendKill));
                    return null;
                });
                nextKill = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_RETRY_MS);
            }
            pause(100);
        }
    }

    /** True once a container failed more than egret.mesos.max.attempts times, or the master refused us. */
    public boolean failed() {
        return failed;
    }

    public Optional<String> frameworkId() {
        return Optional.ofNullable(frameworkId);
    }

    public TaskAttempts.Phase phase(int container) throws SchedulerException {
        return onLoop(() -> attempts.phase(container));
    }

    public int attempt(int container) throws SchedulerException {
        return onLoop(() -> attempts.attempt(container));
    }

    /** The containers in the plan, container 0 included. */
    public List<Integer> containers() throws SchedulerException {
        return onLoop(attempts::containers);
    }

    public boolean connected() {
        return connection.connected();
    }

    private <T> T onLoop(Callable<T> work) throws SchedulerException {
        try {
            return loop.submit(work).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new SchedulerException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException e) {
            throw new SchedulerException("the framework did not answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerException("interrupted", e);
        }
    }

    private static void pause(long ms) throws SchedulerException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerException("interrupted", e);
        }
    }

    /** Stops talking to the master without killing anything: tasks keep running (failover). */
    @Override
    public void close() {
        connection.close();
        loop.shutdownNow();
    }
}
