package org.egret.scheduler.yarn;

import java.util.List;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.egret.executor.ExecutorMain;
import org.egret.scheduler.ContainerFailurePolicy;

/**
 * What the ApplicationMaster does about a container that ended while its index is still in the plan:
 * ask for it again at once when the end was asked for or no fault of its own (a restart, preemption);
 * otherwise count it against the {@link ContainerFailurePolicy}: again after a back-off, its node
 * blacklisted when containers keep failing there, or nothing more once the topology is given up.
 * {@link YarnScheduler} keeps who runs where and calls this under its lock.
 */
final class ContainerEndings {
    /**
     * Where container failures and the decision to give the topology up are recorded (the execution
     * state); called outside the scheduler's lock, since the state manager may be slow.
     */
    interface Reports {
        void containerFailed(int index, String node, String reason);

        void gaveUp(String why);

        Reports NONE = new Reports() {
            @Override
            public void containerFailed(int index, String node, String reason) {}

            @Override
            public void gaveUp(String why) {}
        };
    }

    /**
     * The decision about one ended container.
     *
     * @param counted false when the end was no failure: the index is asked for again at once
     * @param againAfterMs when a failed index is asked for again; meaningless when {@code giveUp} is set
     * @param blacklist nodes to add to the application's blacklist now
     * @param failure what to record in the execution state, or null (nothing, or the executor recorded it)
     * @param giveUp why the topology is given up now, or null
     */
    record Verdict(boolean counted, long againAfterMs, List<String> blacklist, String failure, String giveUp) {}

    private final ContainerFailurePolicy policy;
    /** Set once the topology is given up: nothing is asked for again. */
    private boolean gaveUp;

    ContainerEndings(ContainerFailurePolicy.Settings settings) {
        this.policy = new ContainerFailurePolicy(settings);
    }

    boolean gaveUp() {
        return gaveUp;
    }

    /** A previous attempt of this AM gave the topology up already. */
    void givenUpBefore() {
        gaveUp = true;
    }

    /** {@code asked}: ended by a restart this AM made; {@code node}: where it ran. */
    Verdict ended(int index, ContainerStatus status, boolean asked, String node, long now, int clusterNodes) {
        if (asked || !isFailure(status.getExitStatus())) {
            return new Verdict(false, 0, List.of(), null, null);
        }
        ContainerFailurePolicy.Decision d = policy.failed(index, node, now, clusterNodes);
        String reason = "container " + status.getContainerId() + " exited with status " + status.getExitStatus()
                + (status.getDiagnostics().isBlank() ? "" : ": " + oneLine(status.getDiagnostics()));
        // an executor that gave a process up recorded why itself
        String failure = status.getExitStatus() == ExecutorMain.EXIT_GAVE_UP ? null : reason;
        String giveUp = null;
        if (d.giveUp()) {
            gaveUp = true;
            giveUp = d.reason() + "; the ApplicationMaster asks for no container again (the others keep running "
                    + "until egret kill)";
        }
        return new Verdict(true, d.delayMs(), d.blacklist(), failure, giveUp);
    }

    /** Nodes blacklisted now. */
    List<String> blacklisted() {
        return policy.blacklisted();
    }

    /** Nodes whose blacklisting ran out (no failure there for a window): to be taken off. */
    List<String> expired(long now) {
        return policy.expired(now);
    }

    /**
     * Preemption and the like end containers through no fault of theirs or their node: they are
     * asked for again at once and not counted.
     */
    static boolean isFailure(int exitStatus) {
        return exitStatus != ContainerExitStatus.PREEMPTED
                && exitStatus != ContainerExitStatus.KILLED_BY_CONTAINER_SCHEDULER
                && exitStatus != ContainerExitStatus.KILLED_AFTER_APP_COMPLETION;
    }

    private static String oneLine(String diagnostics) {
        String s = diagnostics.trim().replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
