package org.egret.scheduler.mesos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * The life of each container's Mesos task: which attempt runs it, and what a status update
 * means for it. Every launch is a new attempt with its own task id
 * ({@code egret.<topology>.c<container>.a<attempt>}), so a late update of an old attempt can never
 * be mistaken for the current one. Attempt numbers keep rising when an update removes a container
 * and a later one adds it back, so that container's new task never reuses a task id. Not thread
 * safe: the framework drives it from one thread.
 */
public final class TaskAttempts {
    /** Where one container stands. */
    public enum Phase {
        /** Unknown after a scheduler restart, until reconciliation or its grace period says. */
        UNKNOWN,
        /** Waiting for an offer. */
        PENDING,
        /** Launched; no RUNNING update yet. */
        LAUNCHED,
        RUNNING,
        /** Failed more often than allowed: not launched again. */
        GAVE_UP,
        /** Being killed for good (topology kill, or its container was removed by an update). */
        KILLING,
        /** Terminal after a kill. */
        STOPPED
    }

    /** What the framework should do after an update. */
    public enum Outcome {
        IGNORE,
        RUNNING,
        RELAUNCH,
        GAVE_UP,
        STOPPED,
        /** A container an update is adding gave up before it ever ran: the update fails, the topology does not. */
        JOIN_FAILED,
        /** The task of a removed container ended; the container is forgotten. */
        REMOVED,
        /** A live task of a container this topology does not have (e.g. removed while the scheduler was down): kill it. */
        ORPHAN
    }

    private static final class Slot {
        final int container;
        int attempt;
        String taskId;
        Phase phase;
        int failures;
        boolean restartRequested;
        /** Added by an update that has not completed: giving up fails the update, not the topology. */
        boolean joining;
        /** Removed by an update: forgotten once its task is terminal. */
        boolean removed;

        Slot(int container, Phase phase) {
            this.container = container;
            this.phase = phase;
        }
    }

    private final String prefix;
    private final int maxAttempts;
    private final Map<Integer, Slot> slots = new TreeMap<>();
    /** Per container ever seen, the highest attempt launched or adopted; outlives removed containers. */
    private final Map<Integer, Integer> lastAttempt = new TreeMap<>();

    private final Pattern idPattern;

    /** {@code restarted}: the scheduler restarted, so its containers may still run (UNKNOWN). */
    public TaskAttempts(String topology, Collection<Integer> containers, int maxAttempts, boolean restarted) {
        this(topology, containers, maxAttempts, restarted, Map.of());
    }

    /**
     * {@code lastAttempts}: the highest attempt each container had before a scheduler restart (see
     * {@link FrameworkIdStore#loadAttempts()}); new attempts are numbered above them.
     */
    public TaskAttempts(
            String topology,
            Collection<Integer> containers,
            int maxAttempts,
            boolean restarted,
            Map<Integer, Integer> lastAttempts) {
        this.prefix = "egret." + topology + ".c";
        this.maxAttempts = maxAttempts;
        this.idPattern = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\.a(\\d+)");
        this.lastAttempt.putAll(lastAttempts);
        for (int c : containers) {
            Slot s = new Slot(c, restarted ? Phase.UNKNOWN : Phase.PENDING);
            s.attempt = lastAttempt.getOrDefault(c, 0);
            slots.put(c, s);
        }
    }

    /**
     * A container an update adds: pending, with attempts numbered above any earlier incarnation's.
     * Fails if the container is still there (e.g. its removal has not completed).
     */
    public void add(int container) {
        Slot old = slots.get(container);
        if (old != null) {
            throw new IllegalStateException("container " + container + " is already " + old.phase
                    + (old.removed ? " (its removal has not completed)" : ""));
        }
        Slot s = new Slot(container, Phase.PENDING);
        s.attempt = lastAttempt.getOrDefault(container, 0);
        s.joining = true;
        slots.put(container, s);
    }

    /**
     * A container an update removes: it is never launched again and its failures no longer count.
     * Returns the task to kill, if one may be live; without one the container is forgotten at once.
     */
    public Optional<String> remove(int container) {
        Slot s = slots.get(container);
        if (s == null) {
            return Optional.empty();
        }
        s.removed = true;
        s.restartRequested = false;
        if (s.taskId != null
                && (s.phase == Phase.LAUNCHED
                        || s.phase == Phase.RUNNING
                        || s.phase == Phase.KILLING
                        || s.phase == Phase.UNKNOWN)) {
            s.phase = Phase.KILLING;
            return Optional.of(s.taskId);
        }
        slots.remove(container);
        return Optional.empty();
    }

    /**
     * The update that added the container saw it running: from now on it is an ordinary container,
     * whose failures count toward marking the topology FAILED. (TASK_RUNNING alone is not enough: a
     * command task reports it as soon as its process starts, even one that exits at once.)
     */
    public void joined(int container) {
        slot(container).joining = false;
    }

    /** True while the container is known, including a removed one whose task has not ended yet. */
    public boolean has(int container) {
        return slots.containsKey(container);
    }

    /** The highest attempt of every container ever seen, to number attempts after a scheduler restart. */
    public Map<Integer, Integer> lastAttempts() {
        return Map.copyOf(lastAttempt);
    }

    public List<Integer> pending() {
        return slots.values().stream()
                .filter(s -> s.phase == Phase.PENDING)
                .map(s -> s.container)
                .toList();
    }

    public Phase phase(int container) {
        return slot(container).phase;
    }

    public int attempt(int container) {
        return slot(container).attempt;
    }

    public Optional<String> taskId(int container) {
        return Optional.ofNullable(slot(container).taskId);
    }

    /** Starts a new attempt of a pending container and returns its task id. */
    public String launch(int container) {
        Slot s = slot(container);
        if (s.phase != Phase.PENDING) {
            throw new IllegalStateException("container " + container + " is " + s.phase + ", not pending");
        }
        s.attempt = Math.max(s.attempt, lastAttempt.getOrDefault(container, 0)) + 1;
        lastAttempt.put(container, s.attempt);
        s.taskId = prefix + container + ".a" + s.attempt;
        s.phase = Phase.LAUNCHED;
        return s.taskId;
    }

    /** The launch never reached the master (e.g. the call failed): wait for another offer. */
    public void launchFailed(String taskId) {
        current(taskId).ifPresent(s -> s.phase = Phase.PENDING);
    }

    /** Applies a status update; updates of tasks other than a container's current attempt are ignored. */
    public Outcome onUpdate(String taskId, TaskState state) {
        Optional<Slot> found = current(taskId);
        if (found.isEmpty()) {
            return adopt(taskId, state);
        }
        Slot s = found.get();
        if (!terminal(state)) {
            if (s.phase == Phase.KILLING) {
                return Outcome.IGNORE;
            }
            if (state == TaskState.TASK_RUNNING) {
                s.phase = Phase.RUNNING;
                return Outcome.RUNNING;
            }
            return Outcome.IGNORE;
        }
        if (s.removed) {
            slots.remove(s.container);
            return Outcome.REMOVED;
        }
        if (s.phase == Phase.KILLING || s.phase == Phase.STOPPED) {
            s.phase = Phase.STOPPED;
            return Outcome.STOPPED;
        }
        if (s.restartRequested) {
            s.restartRequested = false;
            s.phase = Phase.PENDING;
            return Outcome.RELAUNCH;
        }
        s.failures++;
        if (s.failures >= maxAttempts) {
            s.phase = Phase.GAVE_UP;
            return s.joining ? Outcome.JOIN_FAILED : Outcome.GAVE_UP;
        }
        s.phase = Phase.PENDING;
        return Outcome.RELAUNCH;
    }

    /**
     * A live task the scheduler did not know of, reported by reconciliation after a scheduler
     * restart: it becomes its container's current attempt, so nothing is launched twice.
     */
    private Outcome adopt(String taskId, TaskState state) {
        Matcher m = idPattern.matcher(taskId);
        if (!m.matches() || terminal(state)) {
            return Outcome.IGNORE;
        }
        int container = Integer.parseInt(m.group(1));
        Slot s = slots.get(container);
        int attempt = Integer.parseInt(m.group(2));
        lastAttempt.merge(container, attempt, Math::max);
        if (s == null) {
            return Outcome.ORPHAN;
        }
        if (s.phase != Phase.UNKNOWN && s.phase != Phase.PENDING) {
            return Outcome.IGNORE;
        }
        s.attempt = Math.max(s.attempt, attempt);
        s.taskId = taskId;
        s.phase = state == TaskState.TASK_RUNNING ? Phase.RUNNING : Phase.LAUNCHED;
        return state == TaskState.TASK_RUNNING ? Outcome.RUNNING : Outcome.IGNORE;
    }

    /** Reconciliation had its chance: containers still unknown are launched again. */
    public void unknownArePending() {
        slots.values().stream().filter(s -> s.phase == Phase.UNKNOWN).forEach(s -> s.phase = Phase.PENDING);
    }

    /** Marks a container for a restart that does not count as a failure; returns the task to kill. */
    public Optional<String> requestRestart(int container) {
        Slot s = slot(container);
        if (s.phase == Phase.LAUNCHED || s.phase == Phase.RUNNING) {
            s.restartRequested = true;
            return Optional.of(s.taskId);
        }
        if (s.phase == Phase.GAVE_UP) {
            s.failures = 0;
            s.phase = Phase.PENDING;
        }
        return Optional.empty();
    }

    /** Every container is to stop for good; returns the tasks that must be killed. */
    public List<String> killAll() {
        List<String> kill = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.phase == Phase.LAUNCHED || s.phase == Phase.RUNNING || s.phase == Phase.UNKNOWN && s.taskId != null) {
                s.phase = Phase.KILLING;
                kill.add(s.taskId);
            } else if (s.phase != Phase.KILLING) {
                s.phase = Phase.STOPPED;
            }
        }
        return kill;
    }

    public boolean allStopped() {
        return slots.values().stream().allMatch(s -> s.phase == Phase.STOPPED);
    }

    /** Task ids of attempts that may be live, for explicit reconciliation. */
    public List<String> liveTaskIds() {
        return slots.values().stream()
                .filter(s -> s.taskId != null
                        && (s.phase == Phase.LAUNCHED || s.phase == Phase.RUNNING || s.phase == Phase.KILLING))
                .map(s -> s.taskId)
                .toList();
    }

    /** The topology's containers, without removed ones whose task is still ending. */
    public List<Integer> containers() {
        return slots.values().stream()
                .filter(s -> !s.removed)
                .map(s -> s.container)
                .toList();
    }

    public Optional<Integer> containerOf(String taskId) {
        return current(taskId).map(s -> s.container);
    }

    static boolean terminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED,
                    TASK_FAILED,
                    TASK_KILLED,
                    TASK_LOST,
                    TASK_ERROR,
                    TASK_DROPPED,
                    TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }

    private Optional<Slot> current(String taskId) {
        return slots.values().stream().filter(s -> taskId.equals(s.taskId)).findFirst();
    }

    private Slot slot(int container) {
        Slot s = slots.get(container);
        if (s == null) {
            throw new IllegalArgumentException("no container " + container + " (containers: " + slots.keySet() + ")");
        }
        return s;
    }
}
