package org.egret.statemgr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.egret.proto.ContainerFailure;
import org.egret.proto.ExecutionState;

/**
 * Changes to a topology's execution state. The scheduler, every executor and the Topology Master
 * write it, so each change is a {@link StateManager#update} of the fields it owns, never a blind
 * write of a copy read earlier. A topology that is gone (no node) is not brought back.
 */
public final class ExecutionStates {
    /** Container failures kept in the execution state; older ones are dropped (the logs keep them). */
    public static final int MAX_FAILURES_KEPT = 20;

    private ExecutionStates() {}

    /** Appends a container failure, keeping the newest {@link #MAX_FAILURES_KEPT}. */
    public static void recordContainerFailure(StateManager state, String topology, ContainerFailure failure) {
        state.update(
                StateKind.EXECUTION_STATE,
                topology,
                ExecutionState.parser(),
                es -> es.map(e -> {
                    List<ContainerFailure> all = new ArrayList<>(e.getContainerFailuresList());
                    all.add(failure);
                    List<ContainerFailure> kept = all.subList(Math.max(0, all.size() - MAX_FAILURES_KEPT), all.size());
                    return e.toBuilder()
                            .clearContainerFailures()
                            .addAllContainerFailures(kept)
                            .build();
                }));
    }

    /** Records why the scheduler gave the topology up; the first reason stays (later ones follow from it). */
    public static void markFailed(StateManager state, String topology, String why) {
        state.update(
                StateKind.EXECUTION_STATE,
                topology,
                ExecutionState.parser(),
                es -> es.filter(e -> e.getFailure().isEmpty())
                        .map(e -> e.toBuilder().setFailure(why).build()));
    }

    /** e.g. "container 2 instance-3-gate: exited 3 times in a row (code 1) (at 2026-..., host h)". */
    public static String describe(ContainerFailure f) {
        return "container " + f.getContainer() + " " + f.getProcess() + ": " + f.getReason() + " (at "
                + Instant.ofEpochMilli(f.getTimeMs()) + (f.getHost().isEmpty() ? "" : ", " + f.getHost()) + ")";
    }

    /** The newest container failure, if any. */
    public static Optional<ContainerFailure> last(ExecutionState es) {
        int n = es.getContainerFailuresCount();
        return n == 0 ? Optional.empty() : Optional.of(es.getContainerFailures(n - 1));
    }
}
