package org.egret.scheduler.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.TaskState;
import org.egret.scheduler.mesos.TaskAttempts.Outcome;
import org.egret.scheduler.mesos.TaskAttempts.Phase;
import org.junit.jupiter.api.Test;

class TaskAttemptsTest {
    @Test
    void failedTasksRelaunchAsNewAttemptsUntilTheLimit() {
        TaskAttempts a = new TaskAttempts("t", List.of(0, 1), 3, false);
        assertEquals(List.of(0, 1), a.pending());
        String first = a.launch(1);
        assertEquals("egret.t.c1.a1", first);
        assertEquals(Outcome.RUNNING, a.onUpdate(first, TaskState.TASK_RUNNING));
        assertEquals(Outcome.RELAUNCH, a.onUpdate(first, TaskState.TASK_FAILED));
        assertEquals(List.of(0, 1), a.pending());
        String second = a.launch(1);
        assertEquals("egret.t.c1.a2", second);
        // a late update of the old attempt changes nothing
        assertEquals(Outcome.IGNORE, a.onUpdate(first, TaskState.TASK_LOST));
        assertEquals(Outcome.RELAUNCH, a.onUpdate(second, TaskState.TASK_LOST));
        String third = a.launch(1);
        assertEquals(Outcome.GAVE_UP, a.onUpdate(third, TaskState.TASK_ERROR));
        assertEquals(Phase.GAVE_UP, a.phase(1));
        assertEquals(List.of(0), a.pending());
    }

    @Test
    void restartDoesNotCountAsAFailureAndKillStopsEverything() {
        TaskAttempts a = new TaskAttempts("t", List.of(0, 1), 1, false);
        String t0 = a.launch(0);
        String t1 = a.launch(1);
        a.onUpdate(t0, TaskState.TASK_RUNNING);
        assertEquals(t0, a.requestRestart(0).orElseThrow());
        assertEquals(Outcome.RELAUNCH, a.onUpdate(t0, TaskState.TASK_KILLED));
        String t0b = a.launch(0);
        assertEquals(2, a.attempt(0));
        assertEquals(List.of(t0b, t1), a.killAll());
        assertEquals(Outcome.IGNORE, a.onUpdate(t1, TaskState.TASK_RUNNING));
        assertEquals(Outcome.STOPPED, a.onUpdate(t0b, TaskState.TASK_KILLED));
        assertTrue(!a.allStopped());
        assertEquals(Outcome.STOPPED, a.onUpdate(t1, TaskState.TASK_FAILED));
        assertTrue(a.allStopped());
    }

    @Test
    void afterASchedulerRestartReconciledTasksAreAdoptedAndOthersRelaunched() {
        TaskAttempts a = new TaskAttempts("t", List.of(0, 1, 2), 3, true);
        assertTrue(a.pending().isEmpty(), "nothing launches before reconciliation");
        assertEquals(Outcome.RUNNING, a.onUpdate("egret.t.c1.a4", TaskState.TASK_RUNNING));
        assertEquals(Outcome.IGNORE, a.onUpdate("egret.other.c0.a1", TaskState.TASK_RUNNING));
        assertEquals(Outcome.IGNORE, a.onUpdate("egret.t.c2.a1", TaskState.TASK_FINISHED));
        a.unknownArePending();
        assertEquals(List.of(0, 2), a.pending());
        assertEquals(Phase.RUNNING, a.phase(1));
        assertEquals("egret.t.c1.a5", relaunch(a, 1));
    }

    private static String relaunch(TaskAttempts a, int c) {
        a.onUpdate(a.taskId(c).orElseThrow(), TaskState.TASK_FAILED);
        return a.launch(c);
    }

    @Test
    void aRemovedContainerIsNeverRelaunchedAndComesBackWithAFreshTaskId() {
        TaskAttempts a = new TaskAttempts("t", List.of(0, 1), 1, false);
        a.launch(0);
        String t1 = a.launch(1);
        a.onUpdate(t1, TaskState.TASK_RUNNING);
        assertEquals(t1, a.remove(1).orElseThrow());
        assertEquals(List.of(0), a.containers());
        assertTrue(a.has(1), "known until its task ends");
        assertThrows(IllegalStateException.class, () -> a.add(1));
        // with max attempts 1 a failure would give up; a removed container's end is no failure
        assertEquals(Outcome.REMOVED, a.onUpdate(t1, TaskState.TASK_FAILED));
        assertTrue(!a.has(1));
        assertTrue(a.pending().isEmpty());
        a.add(1);
        assertEquals(List.of(1), a.pending());
        assertEquals("egret.t.c1.a2", a.launch(1));
    }

    @Test
    void anAddedContainerThatNeverRunsFailsItsUpdateNotTheTopology() {
        TaskAttempts a = new TaskAttempts("t", List.of(0), 2, false);
        a.add(3);
        assertEquals(Outcome.RELAUNCH, a.onUpdate(a.launch(3), TaskState.TASK_FAILED));
        assertEquals(Outcome.JOIN_FAILED, a.onUpdate(a.launch(3), TaskState.TASK_FAILED));
        assertEquals(Phase.GAVE_UP, a.phase(3));
        assertTrue(a.remove(3).isEmpty(), "nothing left to kill");
        assertTrue(!a.has(3));
        // once its update saw it running, it is an ordinary container
        a.add(4);
        String t4 = a.launch(4);
        a.onUpdate(t4, TaskState.TASK_RUNNING);
        a.joined(4);
        assertEquals(Outcome.RELAUNCH, a.onUpdate(t4, TaskState.TASK_FAILED));
        assertEquals(Outcome.GAVE_UP, a.onUpdate(a.launch(4), TaskState.TASK_FAILED));
    }

    @Test
    void aRestartedSchedulerNumbersAttemptsAboveRecordedOnesAndFlagsTasksOutsideThePlan() {
        TaskAttempts a = new TaskAttempts("t", List.of(0, 1), 3, true, Map.of(1, 4, 2, 7));
        assertEquals(Outcome.ORPHAN, a.onUpdate("egret.t.c2.a7", TaskState.TASK_RUNNING));
        assertEquals(Outcome.IGNORE, a.onUpdate("egret.t.c5.a1", TaskState.TASK_KILLED));
        a.unknownArePending();
        assertEquals("egret.t.c1.a5", a.launch(1));
        a.add(2);
        assertEquals("egret.t.c2.a8", a.launch(2));
        assertEquals(Map.of(1, 5, 2, 8), a.lastAttempts());
    }
}
