package org.egret.scheduler.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.egret.proto.PackingPlan;
import org.egret.scheduler.mesos.sim.SimulatedMesosMaster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The framework against the simulated Mesos master, with cheap tasks ({@code sleep}) instead of
 * Egret executors, so every protocol path and fault is exercised in seconds.
 */
class SimulatedMesosMasterFrameworkTest {
  @TempDir
  Path dir;
  private SimulatedMesosMaster master;
  private MesosFramework framework;

  private static final class SleepTasks implements ContainerTasks {
    volatile String command = "exec sleep 600";

    @Override
    public String topology() {
      return "t";
    }

    @Override
    public TaskInfo build(String taskId, int container, AgentID agent, List<Resource> resources) {
      return TaskInfo.newBuilder().setName(taskId).setTaskId(TaskID.newBuilder().setValue(taskId)).setAgentId(agent)
          .addAllResources(resources).setCommand(CommandInfo.newBuilder().setShell(true).setValue(command)).build();
    }
  }

  private final SleepTasks tasks = new SleepTasks();

  private static Map<Integer, ContainerNeed> needs() {
    Map<Integer, ContainerNeed> m = new TreeMap<>();
    for (int c = 0; c < 3; c++) {
      m.put(c, new ContainerNeed(c, 1, 512, 100, 2));
    }
    return m;
  }

  private MesosFramework start(java.net.URI uri, int maxAttempts) {
    FrameworkSettings s = new FrameworkSettings(uri, "egret-t", "egret", "", System.getProperty("user.name"),
        Duration.ofSeconds(60), maxAttempts, 1, Duration.ofSeconds(30), Duration.ofMillis(1500));
    MesosFramework f = new MesosFramework(s, needs(), tasks, new FrameworkIdStore(dir.resolve("sched")),
        new Backoff(100, 1000));
    f.schedule(PackingPlan.getDefaultInstance());
    return f;
  }

  private void startMaster() throws Exception {
    master = new SimulatedMesosMaster(dir.resolve("master"));
  }

  @AfterEach
  void stop() {
    if (framework != null) {
      framework.close();
    }
    if (master != null) {
      master.close();
    }
  }

  static void waitFor(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private void allRunning(String... ids) throws InterruptedException {
    waitFor("tasks " + List.of(ids) + " running", () -> {
      Map<String, TaskState> st = master.taskStates();
      return List.of(ids).stream().allMatch(i -> st.get(i) == TaskState.TASK_RUNNING)
          && master.liveProcesses().containsAll(List.of(ids));
    });
  }

  @Test
  void launchesEveryContainerSuppressesThenKillTearsDown() throws Exception {
    startMaster();
    framework = start(master.uri(), 3);
    allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
    waitFor("SUPPRESS once nothing waits", () -> master.calls().contains(Call.Type.SUPPRESS));
    assertTrue(master.calls().contains(Call.Type.RECONCILE));
    assertTrue(master.calls().contains(Call.Type.ACKNOWLEDGE));
    framework.kill();
    assertTrue(master.liveProcesses().isEmpty(), master.liveProcesses().toString());
    assertTrue(master.calls().contains(Call.Type.TEARDOWN));
    assertEquals(TaskState.TASK_KILLED, master.taskStates().get("egret.t.c1.a1"));
  }

  @Test
  void aTaskKilledFromOutsideComesBackAsANewAttempt() throws Exception {
    startMaster();
    framework = start(master.uri(), 3);
    allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
    int revivesBefore = (int) master.calls().stream().filter(c -> c == Call.Type.REVIVE).count();
    assertTrue(master.killTaskProcess("egret.t.c1.a1"));
    allRunning("egret.t.c1.a2");
    assertEquals(TaskState.TASK_FAILED, master.taskStates().get("egret.t.c1.a1"));
    assertTrue(master.calls().stream().filter(c -> c == Call.Type.REVIVE).count() > revivesBefore, "REVIVE sent");
    assertEquals(2, framework.attempt(1));
  }

  @Test
  void aDroppedStreamOrSilentMasterLeadsToResubscriptionAndTasksKeepRunning() throws Exception {
    startMaster();
    framework = start(master.uri(), 3);
    allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
    String id = framework.frameworkId().orElseThrow();
    master.dropSubscriptions();
    waitFor("resubscribed", () -> master.subscriptions() == 2 && framework.connected());
    master.pauseHeartbeats(true);
    waitFor("resubscribed after missed heartbeats", () -> master.subscriptions() == 3);
    master.pauseHeartbeats(false);
    assertEquals(List.of(id), master.frameworkIds());
    assertEquals(1, framework.attempt(1));
    assertTrue(master.liveProcesses().containsAll(List.of("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1")));
    assertTrue(master.calls().stream().filter(c -> c == Call.Type.RECONCILE).count() >= 3);
  }

  @Test
  void followsARedirectToTheLeaderAndBacksOffOn503() throws Exception {
    startMaster();
    try (SimulatedMesosMaster follower = new SimulatedMesosMaster(dir.resolve("follower"))) {
      follower.redirectTo(master.uri());
      master.answerUnavailable(2);
      framework = start(follower.uri(), 3);
      allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
      assertEquals(0, follower.subscriptions());
    }
  }

  @Test
  void aLostAgentsTasksAreRelaunched() throws Exception {
    startMaster();
    framework = start(master.uri(), 3);
    allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
    master.loseAgent();
    allRunning("egret.t.c0.a2", "egret.t.c1.a2", "egret.t.c2.a2");
  }

  @Test
  void aContainerThatKeepsFailingMarksTheTopologyFailed() throws Exception {
    startMaster();
    tasks.command = "exit 3";
    framework = start(master.uri(), 2);
    waitFor("gave up", framework::failed);
    assertEquals(TaskAttempts.Phase.GAVE_UP, framework.phase(1));
    assertEquals(2, framework.attempt(1));
  }

  @Test
  void anErrorEventIsFatal() throws Exception {
    startMaster();
    AtomicReference<String> why = new AtomicReference<>();
    framework = start(master.uri(), 3).onFatal(why::set);
    allRunning("egret.t.c0.a1");
    master.sendError("Framework has been removed");
    waitFor("fatal callback", () -> why.get() != null);
    assertTrue(why.get().contains("removed"), why.get());
    waitFor("tasks killed by the master", () -> master.liveProcesses().isEmpty());
  }

  @Test
  void aRestartedSchedulerResubscribesAndAdoptsItsRunningTasks() throws Exception {
    startMaster();
    framework = start(master.uri(), 3);
    allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
    String id = framework.frameworkId().orElseThrow();
    framework.close(); // a crash: no TEARDOWN, tasks stay
    framework = start(master.uri(), 3);
    waitFor("adopted", () -> {
      try {
        return framework.phase(0) == TaskAttempts.Phase.RUNNING && framework.phase(1) == TaskAttempts.Phase.RUNNING
            && framework.phase(2) == TaskAttempts.Phase.RUNNING;
      } catch (Exception e) {
        return false;
      }
    });
    assertEquals(id, framework.frameworkId().orElseThrow());
    assertEquals(List.of(id), master.frameworkIds());
    assertTrue(master.taskStates().keySet().stream().noneMatch(t -> t.endsWith(".a2")), master.taskStates().toString());
    framework.kill();
    assertTrue(master.liveProcesses().isEmpty());
  }
}
