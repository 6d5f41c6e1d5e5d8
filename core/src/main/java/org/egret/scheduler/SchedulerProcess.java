package org.egret.scheduler;

import java.time.Duration;
import org.egret.config.EgretConfig;
import org.egret.net.NodeAddress;
import org.egret.net.Wire;
import org.egret.net.auth.AuthSettings;
import org.egret.proto.PackingPlan;
import org.egret.runtime.ProcessOptions;
import org.egret.security.TopologySecret;
import org.egret.statemgr.ExecutionStates;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every scheduler process (local, Mesos, YARN ApplicationMaster) starts from: its options, its
 * config, the state manager and the topology's packing plan. A scheduler that fails to start logs
 * why and exits non-zero, so its launcher reports the log.
 */
public record SchedulerProcess(ProcessOptions opts, EgretConfig config, StateManager state, PackingPlan plan) {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerProcess.class);

    /** A scheduler's body, run once the process has its context. */
    public interface Body {
        void run(SchedulerProcess process) throws Exception;
    }

    /** The {@code main} of a scheduler process called {@code what} (for the log). */
    public static void main(String[] args, String what, Body body) {
        ProcessOptions opts = ProcessOptions.parse(args);
        try {
            EgretConfig config = opts.loadConfig();
            StateManager state = StateManagers.open(config);
            PackingPlan plan = state.get(StateKind.PACKING_PLANS, opts.topology(), PackingPlan.parser())
                    .orElseThrow(() -> new IllegalStateException(
                            "no packing plan for '" + opts.topology() + "' in the state manager"));
            body.run(new SchedulerProcess(opts, config, state, plan));
        } catch (Throwable e) {
            LOG.error("{} of '{}' failed", what, opts.topology(), e);
            System.exit(1);
        }
    }

    /** The update transaction of this topology, run by {@code scheduler} (see {@link TopologyUpdate}). */
    public TopologyUpdate update(Scheduler scheduler) {
        return new TopologyUpdate(
                state, opts.topology(), scheduler, Duration.ofMillis(config.get(SchedulerKeys.UPDATE_TIMEOUT_MS)));
    }

    /**
     * Records that the scheduler gave the topology up (e.g. a container failed too often), so that
     * {@code egret list} shows it; the topology stays until it is killed.
     */
    public void markFailed(String why) {
        LOG.error("topology '{}' FAILED: {}", opts.topology(), why);
        ExecutionStates.markFailed(state, opts.topology(), why);
    }

    /**
     * The scheduler's endpoint for the CLI: updates run as this topology's {@link TopologyUpdate}; a
     * kill stops the containers, then runs {@code removeTopology} (state, packages, directories) and
     * ends the process.
     */
    public SchedulerServer endpoint(Scheduler scheduler, Runnable removeTopology) throws InterruptedException {
        return endpoint(scheduler, removeTopology, secret());
    }

    /**
     * The same endpoint, proving itself with {@code secret} where the scheduler got it another way than
     * from the state manager (the YARN ApplicationMaster: from its application's credentials).
     */
    public SchedulerServer endpoint(Scheduler scheduler, Runnable removeTopology, TopologySecret secret)
            throws InterruptedException {
        Wire wire = Wire.control(AuthSettings.of(secret, opts.topologyId(), "scheduler", config), config);
        SchedulerServer server = new SchedulerServer(NodeAddress.from(config), wire, scheduler, () -> {
            removeTopology.run();
            LOG.info("topology '{}' killed", opts.topology());
            System.exit(0);
        });
        return server.acceptUpdates(update(scheduler));
    }

    /** Schedules the plan, publishes {@code server} for the CLI and serves until the process ends. */
    public void serve(Scheduler scheduler, SchedulerServer server) throws Exception {
        scheduler.schedule(plan);
        server.publishLocation(state, opts.topology());
        LOG.info(
                "scheduling '{}' with {} containers; listening on port {}",
                opts.topology(),
                plan.getContainersCount() + 1,
                server.port());
        Thread.currentThread().join();
    }

    /** The topology's secret, from the state manager, where submit stored it. */
    public TopologySecret secret() {
        return TopologySecret.load(state, opts.topology());
    }

    public String topology() {
        return opts.topology();
    }
}
