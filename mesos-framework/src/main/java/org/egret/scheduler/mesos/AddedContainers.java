package org.egret.scheduler.mesos;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The containers an update adds, on their way to running: whether they all run, and why they cannot.
 * Reads the framework's own attempts and needs, on the framework's thread.
 */
final class AddedContainers {
    private final TaskAttempts attempts;
    private final Map<Integer, ContainerNeed> needs;
    /** Per container an update is adding, how its last attempt ended. */
    private final Map<Integer, String> lastFailure;

    private final int maxAttempts;

    AddedContainers(
            TaskAttempts attempts,
            Map<Integer, ContainerNeed> needs,
            Map<Integer, String> lastFailure,
            int maxAttempts) {
        this.attempts = attempts;
        this.needs = needs;
        this.lastFailure = lastFailure;
        this.maxAttempts = maxAttempts;
    }

    /** Once every added container runs, they become ordinary containers (see {@link TaskAttempts#joined}). */
    boolean allJoined(List<Integer> ids) {
        if (!ids.stream().allMatch(c -> attempts.phase(c) == TaskAttempts.Phase.RUNNING)) {
            return false;
        }
        ids.forEach(attempts::joined);
        return true;
    }

    /** Why the added containers cannot all run: one gave up, or (once {@code late}) the first not yet running. */
    Optional<String> failure(List<Integer> ids, boolean killing, boolean late, Duration timeout) {
        for (int c : ids) {
            if (attempts.phase(c) == TaskAttempts.Phase.GAVE_UP) {
                return Optional.of("container " + c + " failed " + maxAttempts + " times (last: "
                        + lastFailure.getOrDefault(c, "no status") + ")");
            }
        }
        if (killing) {
            return Optional.of("the topology is being killed");
        }
        if (!late) {
            return Optional.empty();
        }
        for (int c : ids) {
            TaskAttempts.Phase p = attempts.phase(c);
            if (p == TaskAttempts.Phase.PENDING) {
                ContainerNeed n = needs.get(c);
                return Optional.of("no offer could hold container " + c + " (" + Math.round(n.memMb()) + " MB, "
                        + formatCpus(n.cpus()) + " cpu, " + Math.round(n.diskMb()) + " MB disk, " + n.ports()
                        + " ports) within "
                        + timeout.toSeconds() + " s"
                        + lastFailure.getOrDefault(c, "").transform(f -> f.isEmpty() ? "" : "; " + f));
            }
            if (p != TaskAttempts.Phase.RUNNING) {
                return Optional.of(
                        "container " + c + "'s task " + attempts.taskId(c).orElse("?")
                                + " did not reach TASK_RUNNING within " + timeout.toSeconds() + " s");
            }
        }
        return Optional.empty();
    }

    private static String formatCpus(double cpus) {
        return cpus == Math.rint(cpus) ? Long.toString((long) cpus) : Double.toString(cpus);
    }
}
