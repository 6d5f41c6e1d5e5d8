package org.egret.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.egret.net.NodeAddress;
import org.egret.net.RequestClient;
import org.egret.net.Wire;
import org.egret.proto.ControlRequest;
import org.egret.proto.ControlResponse;
import org.egret.proto.ExecutionState;
import org.egret.proto.PackingPlan;
import org.egret.proto.SchedulerLocation;
import org.egret.proto.SchedulerRequest;
import org.egret.proto.SchedulerResponse;
import org.egret.proto.TMasterLocation;
import org.egret.proto.Topology;
import org.egret.runtime.ProcessArguments;
import org.egret.scheduler.ContainerFailureKeys;
import org.egret.scheduler.SchedulerKeys;
import org.egret.scheduler.TopologyRemoval;
import org.egret.scheduler.local.LocalScheduler;
import org.egret.statemgr.ExecutionStates;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;

/** kill, activate, deactivate, restart and list: the verbs that act on topologies already running. */
final class TopologyCommands {
    private final CliContext ctx;

    TopologyCommands(CliContext ctx) {
        this.ctx = ctx;
    }

    int kill(String name) throws Exception {
        try (StateManager state = StateManagers.open(ctx.config())) {
            if (!SubmitCommand.exists(state, name)) {
                throw new CliException("no topology '" + name + "' on cluster '" + ctx.cluster() + "'");
            }
            Optional<SchedulerLocation> loc;
            try {
                loc = state.get(StateKind.SCHEDULERS, name, SchedulerLocation.parser());
            } catch (IllegalStateException e) {
                // a corrupt node must not make a topology impossible to remove
                ctx.say("warning: " + e.getMessage());
                loc = Optional.empty();
            }
            if (loc.isEmpty() || !reachable(loc.get())) {
                ctx.say("The scheduler of '" + name + "' is not running; removing what it left");
                forceCleanUp(ctx, state, name);
                ctx.say("Topology '" + name + "' killed");
                return 0;
            }
            ctx.say("Killing topology '" + name + "' ...");
            SchedulerResponse r = callScheduler(
                    ctx.wire(state, name),
                    loc.get(),
                    SchedulerRequest.newBuilder()
                            .setCommand(SchedulerRequest.Command.KILL)
                            .build(),
                    Duration.ofMillis(ctx.config().get(SchedulerKeys.KILL_TIMEOUT_MS)));
            if (!r.getStatus().getOk()) {
                throw new CliException("kill failed: " + r.getStatus().getMessage());
            }
            waitForExit(loc.get().getPid(), Duration.ofSeconds(30));
            // A process that wrote the topology's state while the scheduler removed it (a Topology Master
            // renewing its lease as it was stopped) has ended with the scheduler: what it wrote goes too.
            if (SubmitCommand.exists(state, name)) {
                state.deleteAll(name);
            }
            ctx.say("Topology '" + name + "' killed");
            return 0;
        }
    }

    int restart(String name, int container) throws Exception {
        try (StateManager state = StateManagers.open(ctx.config())) {
            SchedulerLocation loc = state.get(StateKind.SCHEDULERS, name, SchedulerLocation.parser())
                    .orElseThrow(() ->
                            new CliException("no running topology '" + name + "' on cluster '" + ctx.cluster() + "'"));
            SchedulerResponse r = callScheduler(
                    ctx.wire(state, name),
                    loc,
                    SchedulerRequest.newBuilder()
                            .setCommand(SchedulerRequest.Command.RESTART)
                            .setContainer(container)
                            .build(),
                    Duration.ofSeconds(60));
            if (!r.getStatus().getOk()) {
                throw new CliException("restart failed: " + r.getStatus().getMessage());
            }
            ctx.say("Restarted " + (container < 0 ? "every container" : "container " + container) + " of '" + name
                    + "'");
            return 0;
        }
    }

    int activate(String name, boolean activate) throws Exception {
        try (StateManager state = StateManagers.open(ctx.config())) {
            if (state.get(StateKind.TOPOLOGIES, name, Topology.parser()).isEmpty()) {
                throw new CliException("no topology '" + name + "' on cluster '" + ctx.cluster() + "'");
            }
            TMasterLocation tm = waitForTMaster(state, name, Duration.ofSeconds(30));
            ControlResponse r;
            try {
                r = RequestClient.call(
                        tm.getHost(),
                        tm.getControllerPort(),
                        ctx.wire(state, name),
                        ControlRequest.newBuilder()
                                .setCommand(
                                        activate ? ControlRequest.Command.ACTIVATE : ControlRequest.Command.DEACTIVATE)
                                .build(),
                        ControlResponse.class,
                        Duration.ofSeconds(30));
            } catch (TimeoutException e) {
                throw new CliException("the topology master of '" + name + "' did not answer in 30 s");
            }
            if (!r.getStatus().getOk()) {
                throw new CliException((activate ? "activate" : "deactivate") + " failed: "
                        + r.getStatus().getMessage());
            }
            ctx.say("Topology '" + name + "' " + (activate ? "activated" : "deactivated"));
            return 0;
        }
    }

    int list() {
        try (StateManager state = StateManagers.open(ctx.config())) {
            List<String> names = state.list(StateKind.EXECUTION_STATE);
            if (names.isEmpty()) {
                ctx.say("No topologies on cluster '" + ctx.cluster() + "'");
                return 0;
            }
            ctx.say(String.format("%-24s %-10s %-10s %-25s %s", "NAME", "STATE", "CONTAINERS", "SUBMITTED", "ID"));
            for (String name : names) {
                try {
                    listOne(state, name);
                } catch (IllegalStateException e) {
                    // one unreadable node (e.g. a corrupt file) must not hide the other topologies
                    ctx.say(String.format("%-24s UNREADABLE (%s)", name, e.getMessage()));
                }
            }
            return 0;
        }
    }

    private void listOne(StateManager state, String name) {
        Optional<ExecutionState> es = state.get(StateKind.EXECUTION_STATE, name, ExecutionState.parser());
        Optional<Topology> topo = state.get(StateKind.TOPOLOGIES, name, Topology.parser());
        int containers = state.get(StateKind.PACKING_PLANS, name, PackingPlan.parser())
                .map(PackingPlan::getContainersCount)
                .orElse(0);
        String st = topo.map(t -> t.getState().name()).orElse("UNKNOWN");
        if (state.get(StateKind.SCHEDULERS, name, SchedulerLocation.parser()).isEmpty()) {
            st = "LAUNCHING";
        }
        String failure = es.map(ExecutionState::getFailure).orElse("");
        if (!failure.isEmpty()) {
            st = "FAILED (" + failure
                    + es.flatMap(ExecutionStates::last)
                            .map(f -> "; last container failure: " + ExecutionStates.describe(f))
                            .orElse("")
                    + ")";
        }
        String degraded = es.map(this::degraded).orElse("");
        if (failure.isEmpty() && !degraded.isEmpty()) {
            st = st + " (" + degraded + ")";
        }
        ctx.say(String.format(
                "%-24s %-10s %-10d %-25s %s",
                name,
                st,
                containers,
                es.map(e -> Instant.ofEpochMilli(e.getSubmissionTimeMs()).toString())
                        .orElse("-"),
                es.map(ExecutionState::getTopologyId).orElse("-")));
    }

    /**
     * "degraded: ..." when containers failed within the last failure window (from the execution
     * state, which every scheduler and executor writes, so this works on any cluster), else empty.
     */
    private String degraded(ExecutionState es) {
        long since = System.currentTimeMillis() - ctx.config().get(ContainerFailureKeys.FAILURE_WINDOW_MS);
        long recent = es.getContainerFailuresList().stream()
                .filter(f -> f.getTimeMs() > since)
                .count();
        if (recent == 0) {
            return "";
        }
        return "degraded: " + recent + " container failure" + (recent == 1 ? "" : "s") + " in the last "
                + ctx.config().get(ContainerFailureKeys.FAILURE_WINDOW_MS) / 1000 + " s; last: "
                + ExecutionStates.describe(ExecutionStates.last(es).orElseThrow());
    }

    private static boolean reachable(SchedulerLocation loc) {
        // a pid names a process only on the host that ran it
        return !NodeAddress.isLocal(loc.getHost())
                || ProcessHandle.of(loc.getPid()).map(ProcessHandle::isAlive).orElse(false);
    }

    private SchedulerResponse callScheduler(Wire wire, SchedulerLocation loc, SchedulerRequest req, Duration timeout)
            throws InterruptedException {
        try {
            return RequestClient.call(loc.getHost(), loc.getPort(), wire, req, SchedulerResponse.class, timeout);
        } catch (TimeoutException e) {
            throw new CliException("the scheduler at " + loc.getHost() + ":" + loc.getPort() + " did not answer within "
                    + timeout.toSeconds() + " s");
        }
    }

    private static TMasterLocation waitForTMaster(StateManager state, String name, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<TMasterLocation> tm = state.get(StateKind.TMASTERS, name, TMasterLocation.parser());
            if (tm.isPresent()) {
                return tm.get();
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("the topology master of '" + name + "' is not up");
            }
            Thread.sleep(100);
        }
    }

    private static void waitForExit(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /**
     * Removes a topology whose scheduler is gone: its processes (found by the role/topology
     * markers on their command lines), its state nodes, its working directory and its package (each
     * only inside the directory this cluster's configuration names for it; see TopologyRemoval).
     */
    static void forceCleanUp(CliContext ctx, StateManager state, String name) {
        String marker = "-Degret.topology=" + name;
        List<ProcessHandle> procs = ProcessArguments.withArgument(marker)
                .filter(p -> !ProcessArguments.has(p, "-Degret.role=submit"))
                .toList();
        procs.forEach(ProcessHandle::destroyForcibly);
        Optional<ExecutionState> es;
        try {
            es = state.get(StateKind.EXECUTION_STATE, name, ExecutionState.parser());
        } catch (IllegalStateException e) {
            ctx.say("warning: " + e.getMessage() + "; the topology's package, if any, is left where it was uploaded");
            es = Optional.empty();
        }
        state.deleteAll(name);
        // only inside the configured directories: the name and the execution state may say anything
        Consumer<String> warn = line -> ctx.say("warning: " + line);
        if (ctx.config().get(SchedulerKeys.TYPE).equals("local")) {
            TopologyRemoval.deleteWorkingDir(LocalScheduler.topologyDir(ctx.config(), name), ctx.config(), warn);
        }
        es.filter(e -> !e.getPackageUri().isEmpty())
                .ifPresent(e -> TopologyRemoval.deletePackage(e.getPackageUri(), ctx.config(), warn));
    }
}
