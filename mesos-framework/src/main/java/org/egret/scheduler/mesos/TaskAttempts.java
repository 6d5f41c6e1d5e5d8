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
 * be mistaken for the current one. Not thread safe: the framework drives it from one thread.
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
    /** Being killed for good (topology kill). */
    KILLING,
    /** Terminal after a kill. */
    STOPPED
  }

  /** What the framework should do after an update. */
  public enum Outcome { IGNORE, RUNNING, RELAUNCH, GAVE_UP, STOPPED }

  private static final class Slot {
    final int container;
    int attempt;
    String taskId;
    Phase phase;
    int failures;
    boolean restartRequested;

    Slot(int container, Phase phase) {
      this.container = container;
      this.phase = phase;
    }
  }

  private final String prefix;
  private final int maxAttempts;
  private final Map<Integer, Slot> slots = new TreeMap<>();
  private final Pattern idPattern;

  /** {@code restarted}: the scheduler restarted, so its containers may still run (UNKNOWN). */
  public TaskAttempts(String topology, Collection<Integer> containers, int maxAttempts, boolean restarted) {
    this.prefix = "egret." + topology + ".c";
    this.maxAttempts = maxAttempts;
    this.idPattern = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\.a(\\d+)");
    for (int c : containers) {
      slots.put(c, new Slot(c, restarted ? Phase.UNKNOWN : Phase.PENDING));
    }
  }

  public List<Integer> pending() {
    return slots.values().stream().filter(s -> s.phase == Phase.PENDING).map(s -> s.container).toList();
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
    s.attempt++;
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
      return Outcome.GAVE_UP;
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
    Slot s = slots.get(Integer.parseInt(m.group(1)));
    int attempt = Integer.parseInt(m.group(2));
    if (s == null || s.phase != Phase.UNKNOWN && s.phase != Phase.PENDING) {
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
        .filter(s -> s.taskId != null && (s.phase == Phase.LAUNCHED || s.phase == Phase.RUNNING || s.phase == Phase.KILLING))
        .map(s -> s.taskId).toList();
  }

  public Collection<Integer> containers() {
    return slots.keySet();
  }

  public Optional<Integer> containerOf(String taskId) {
    return current(taskId).map(s -> s.container);
  }

  static boolean terminal(TaskState state) {
    return switch (state) {
      case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_LOST, TASK_ERROR, TASK_DROPPED, TASK_GONE,
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
