package org.egret.scheduler.mesos;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.egret.config.EgretConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which agents the framework keeps away from because containers keep failing there: after
 * {@code maxFailures} failures on one agent within {@code window}, its offers are declined for
 * {@code declineFor}, so relaunches go to other agents. A broken agent (full disk, missing Java,
 * a bad port) would otherwise take every relaunch a first-fit placement gives it and burn the
 * container's attempts. Refusing must not stop the topology from running at all, so an agent is
 * refused only while some other agent that offered recently is not; if all of them are, none is.
 * Times are {@link System#nanoTime()} values passed in, so tests drive the clock. Not thread safe:
 * the framework drives it from one thread.
 */
public final class AgentHealth {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHealth.class);

    /** {@code maxFailures} 0: never refuse an agent. */
    public record Policy(int maxFailures, Duration window, Duration declineFor) {
        public static Policy from(EgretConfig config) {
            return new Policy(
                    config.get(MesosKeys.AGENT_MAX_FAILURES),
                    Duration.ofSeconds(config.get(MesosKeys.AGENT_FAILURE_WINDOW_S)),
                    Duration.ofSeconds(config.get(MesosKeys.AGENT_DECLINE_S)));
        }

        public static Policy never() {
            return new Policy(0, Duration.ofMinutes(1), Duration.ofMinutes(1));
        }
    }

    /**
     * Whether an ended attempt counts against the agent it ran on: a failure the framework relaunches or
     * gives up on does; a kill, a requested restart or a launch the master refused (stale offer, invalid
     * task, reconciliation) says nothing about the agent.
     */
    static boolean isAgentsFault(TaskStatus status, TaskAttempts.Outcome outcome) {
        boolean failure = outcome == TaskAttempts.Outcome.RELAUNCH
                || outcome == TaskAttempts.Outcome.GAVE_UP
                || outcome == TaskAttempts.Outcome.JOIN_FAILED;
        return failure
                && switch (status.getState()) {
                    case TASK_FAILED, TASK_LOST, TASK_DROPPED, TASK_GONE ->
                        status.getReason() != TaskStatus.Reason.REASON_INVALID_OFFERS
                                && status.getReason() != TaskStatus.Reason.REASON_RECONCILIATION;
                    default -> false;
                };
    }

    private final Policy policy;
    /** Per agent, the times of its recent container failures, oldest first. */
    private final Map<String, Deque<Long>> failures = new HashMap<>();

    private final Map<String, Long> refusedUntil = new HashMap<>();
    /** Per agent, when it last offered: agents that stopped offering do not count as alternatives. */
    private final Map<String, Long> lastOffer = new HashMap<>();

    public AgentHealth(Policy policy) {
        this.policy = policy;
    }

    /** The agent sent an offer at {@code now}. */
    public void offered(String agent, long now) {
        lastOffer.put(agent, now);
    }

    /** The agent is gone (FAILURE event): it is no alternative any more, and a new agent starts clean. */
    public void lost(String agent) {
        lastOffer.remove(agent);
        failures.remove(agent);
        refusedUntil.remove(agent);
    }

    /** A task on the agent ended at {@code now}: counted against the agent when it is the agent's fault. */
    void taskEnded(String agent, TaskStatus status, TaskAttempts.Outcome outcome, long now) {
        if (isAgentsFault(status, outcome) && failed(agent, now)) {
            LOG.warn(
                    "{} containers failed on agent {} within {} s; declining its offers for {} s while other agents offer",
                    policy.maxFailures(),
                    agent,
                    policy.window().toSeconds(),
                    policy.declineFor().toSeconds());
        }
    }

    /** A container failed on the agent at {@code now}; true if that makes the agent refused. */
    public boolean failed(String agent, long now) {
        if (policy.maxFailures() <= 0) {
            return false;
        }
        Deque<Long> times = failures.computeIfAbsent(agent, a -> new ArrayDeque<>());
        times.addLast(now);
        long windowStart = now - policy.window().toNanos();
        while (!times.isEmpty() && times.peekFirst() - windowStart < 0) {
            times.pollFirst();
        }
        if (times.size() < policy.maxFailures()) {
            return false;
        }
        times.clear(); // the refusal is the penalty; afterwards the agent starts again from nothing
        refusedUntil.put(agent, now + policy.declineFor().toNanos());
        return true;
    }

    /** True while the agent's offers are to be declined: it is refused and some recently offering agent is not. */
    public boolean refused(String agent, long now) {
        if (!refusedOnItsOwn(agent, now)) {
            return false;
        }
        long recent =
                now - Math.max(policy.declineFor().toNanos(), policy.window().toNanos());
        return lastOffer.entrySet().stream()
                .anyMatch(e ->
                        !e.getKey().equals(agent) && e.getValue() - recent >= 0 && !refusedOnItsOwn(e.getKey(), now));
    }

    /** How long the agent stays refused, for the decline filter; empty when it is not refused. */
    public OptionalLong refusedForSeconds(String agent, long now) {
        Long until = refusedUntil.get(agent);
        if (until == null || until - now <= 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(until - now + 999_999_999L)));
    }

    private boolean refusedOnItsOwn(String agent, long now) {
        Long until = refusedUntil.get(agent);
        if (until == null) {
            return false;
        }
        if (until - now <= 0) {
            refusedUntil.remove(agent);
            return false;
        }
        return true;
    }
}
