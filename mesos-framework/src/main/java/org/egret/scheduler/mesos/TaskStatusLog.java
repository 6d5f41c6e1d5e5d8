package org.egret.scheduler.mesos;

import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the framework logs about a task's status update, by what the update means for its container. */
final class TaskStatusLog {
    /** The framework's own log: these lines are its account of its tasks. */
    private static final Logger LOG = LoggerFactory.getLogger(MesosFramework.class);

    private TaskStatusLog() {}

    static void log(String taskId, TaskStatus status, TaskAttempts.Outcome outcome, int maxAttempts) {
        switch (outcome) {
            case RUNNING -> LOG.info("{} is running", taskId);
            case RELAUNCH ->
                LOG.warn(
                        "{} ended {} ({} {}); launching a new attempt",
                        taskId,
                        status.getState(),
                        status.getReason(),
                        status.getMessage());
            case JOIN_FAILED ->
                LOG.error(
                        "{} ended {} ({}): the container an update adds failed {} times; the update fails",
                        taskId,
                        status.getState(),
                        status.getMessage(),
                        maxAttempts);
            case REMOVED ->
                LOG.info("{} stopped ({}); its container is no longer in the plan", taskId, status.getState());
            case ORPHAN ->
                LOG.warn(
                        "{} is {} but its container is not in the packing plan; killing it", taskId, status.getState());
            case GAVE_UP ->
                LOG.error(
                        "{} ended {} ({}): container failed {} times; the topology is marked FAILED",
                        taskId,
                        status.getState(),
                        status.getMessage(),
                        maxAttempts);
            case STOPPED -> LOG.info("{} stopped ({})", taskId, status.getState());
            case IGNORE -> LOG.debug("{} {}", taskId, status.getState());
            default -> {}
        }
    }
}
