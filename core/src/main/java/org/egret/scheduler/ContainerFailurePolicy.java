package org.egret.scheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.egret.config.EgretConfig;
import org.egret.runtime.Backoff;

/**
 * What a scheduler does when one of its containers fails: how long it waits before it replaces it
 * (a back-off per container, doubling while that container keeps failing), when it stops replacing
 * containers and gives the topology up (too many failures in a sliding window), and which nodes it
 * avoids (a node where containers keep failing, within a bound so the whole cluster is never
 * avoided). Pure bookkeeping with the time passed in, so it is tested without a cluster; not
 * thread-safe (callers hold their own lock).
 */
public final class ContainerFailurePolicy {
    /** The policy's limits (see {@link ContainerFailureKeys}). */
    public record Settings(
            int maxFailures,
            long windowMs,
            long backoffMs,
            long backoffMaxMs,
            int nodeMaxFailures,
            double blacklistMaxFraction) {
        public static Settings from(EgretConfig config) {
            return new Settings(
                    config.get(ContainerFailureKeys.MAX_FAILURES),
                    config.get(ContainerFailureKeys.FAILURE_WINDOW_MS),
                    config.get(ContainerFailureKeys.BACKOFF_MS),
                    config.get(ContainerFailureKeys.BACKOFF_MAX_MS),
                    config.get(ContainerFailureKeys.NODE_MAX_FAILURES),
                    config.get(ContainerFailureKeys.BLACKLIST_MAX_FRACTION));
        }
    }

    /**
     * The answer to one failure: give the topology up (with why), or replace the container after
     * {@code delayMs}; {@code blacklist} names nodes to add to the blacklist now.
     */
    public record Decision(boolean giveUp, String reason, long delayMs, List<String> blacklist) {}

    private static final class ContainerHistory {
        final Backoff backoff;
        long lastFailureMs;

        ContainerHistory(Settings s) {
            // backoff.max.ms is the longest delay, the first included
            backoff = new Backoff(Math.min(s.backoffMs(), s.backoffMaxMs()), s.backoffMaxMs());
        }
    }

    private final Settings settings;
    /** Times of recent failures of any container, oldest first. */
    private final Deque<Long> failures = new ArrayDeque<>();

    private final Map<Integer, ContainerHistory> containers = new HashMap<>();
    /** Recent failure times per node, oldest first. */
    private final Map<String, Deque<Long>> nodeFailures = new HashMap<>();

    private final TreeSet<String> blacklisted = new TreeSet<>();

    public ContainerFailurePolicy(Settings settings) {
        this.settings = settings;
    }

    /**
     * Container {@code container} failed on {@code node} (null when unknown) at {@code nowMs};
     * {@code clusterNodes} is how many nodes the cluster has (0 when unknown: nothing is blacklisted).
     */
    public Decision failed(int container, String node, long nowMs, int clusterNodes) {
        long since = nowMs - settings.windowMs();
        failures.addLast(nowMs);
        while (!failures.isEmpty() && failures.peekFirst() <= since) {
            failures.removeFirst();
        }
        List<String> blacklist = new ArrayList<>();
        if (node != null && !node.isEmpty()) {
            Deque<Long> times = nodeFailures.computeIfAbsent(node, n -> new ArrayDeque<>());
            times.addLast(nowMs);
            while (!times.isEmpty() && times.peekFirst() <= since) {
                times.removeFirst();
            }
            if (times.size() >= settings.nodeMaxFailures()
                    && !blacklisted.contains(node)
                    && blacklisted.size() < maxBlacklisted(clusterNodes)) {
                blacklisted.add(node);
                blacklist.add(node);
            }
        }
        if (failures.size() >= settings.maxFailures()) {
            return new Decision(
                    true,
                    failures.size() + " container failures within " + seconds(settings.windowMs())
                            + " (limit " + ContainerFailureKeys.MAX_FAILURES.name() + "=" + settings.maxFailures()
                            + "); last: container "
                            + container + (node == null || node.isEmpty() ? "" : " on " + node),
                    0,
                    blacklist);
        }
        ContainerHistory h = containers.computeIfAbsent(container, c -> new ContainerHistory(settings));
        if (h.lastFailureMs != 0 && h.lastFailureMs <= since) {
            // it ran through a whole window since it last failed: this failure starts afresh
            h.backoff.reset();
        }
        h.lastFailureMs = nowMs;
        return new Decision(false, "", h.backoff.next(), blacklist);
    }

    /**
     * Blacklisted nodes without a failure in the last window, taken off the list now: a node that was
     * repaired (or replaced under the same name) is used again.
     */
    public List<String> expired(long nowMs) {
        long since = nowMs - settings.windowMs();
        List<String> out = new ArrayList<>();
        for (String node : List.copyOf(blacklisted)) {
            Deque<Long> times = nodeFailures.get(node);
            if (times == null || times.isEmpty() || times.peekLast() <= since) {
                blacklisted.remove(node);
                nodeFailures.remove(node);
                out.add(node);
            }
        }
        return out;
    }

    /** Nodes blacklisted now. */
    public List<String> blacklisted() {
        return List.copyOf(blacklisted);
    }

    /** At most the configured share of the cluster, and never every node. */
    private int maxBlacklisted(int clusterNodes) {
        if (clusterNodes <= 1) {
            return 0;
        }
        int byShare = (int) Math.floor(settings.blacklistMaxFraction() * clusterNodes);
        return Math.min(byShare, clusterNodes - 1);
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
