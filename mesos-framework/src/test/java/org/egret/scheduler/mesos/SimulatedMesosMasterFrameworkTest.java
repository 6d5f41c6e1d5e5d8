package org.egret.scheduler.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Secret;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.Resources;
import org.egret.runtime.Backoff;
import org.egret.scheduler.SchedulerException;
import org.egret.scheduler.mesos.sim.Await;
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
        /** Per container, a command other than {@link #command}. */
        final Map<Integer, String> commandOf = new java.util.concurrent.ConcurrentHashMap<>();
        /** Per container, the environment of its command. */
        final Map<Integer, Environment> environmentOf = new java.util.concurrent.ConcurrentHashMap<>();
        /** Per container, the agent (hostname) where its task fails soon after it starts. */
        final Map<Integer, String> failsOn = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public String topology() {
            return "t";
        }

        @Override
        public TaskInfo build(String taskId, int container, Offer offer, List<Resource> resources) {
            return TaskInfo.newBuilder()
                    .setName(taskId)
                    .setTaskId(TaskID.newBuilder().setValue(taskId))
                    .setAgentId(offer.getAgentId())
                    .addAllResources(resources)
                    .setCommand(CommandInfo.newBuilder()
                            .setShell(true)
                            .setValue(
                                    offer.getHostname().equals(failsOn.get(container))
                                            ? "sleep 0.3; exit 3"
                                            : commandOf.getOrDefault(container, command))
                            .setEnvironment(environmentOf.getOrDefault(container, Environment.getDefaultInstance())))
                    .build();
        }
    }

    private final SleepTasks tasks = new SleepTasks();
    private AgentHealth.Policy agentHealth = AgentHealth.Policy.never();

    private static Map<Integer, ContainerNeed> needs() {
        return needs(0, 1, 2);
    }

    private static Map<Integer, ContainerNeed> needs(int... containers) {
        Map<Integer, ContainerNeed> m = new TreeMap<>();
        for (int c : containers) {
            m.put(c, new ContainerNeed(c, 1, 512, 100, 2));
        }
        return m;
    }

    /** A bin an update adds; the instances do not matter to the framework. */
    private static ContainerPlan bin(int id, long ramMb) {
        return ContainerPlan.newBuilder()
                .setId(id)
                .setRequired(Resources.newBuilder().setRamMb(ramMb).setCpu(1).setDiskMb(100))
                .build();
    }

    private static PackingPlan plan(ContainerPlan... bins) {
        return PackingPlan.newBuilder()
                .setTopologyId("t-1")
                .addAllContainers(List.of(bins))
                .build();
    }

    private MesosFramework start(java.net.URI uri, int maxAttempts) {
        return start(uri, maxAttempts, needs());
    }

    private MesosFramework start(java.net.URI uri, int maxAttempts, Map<Integer, ContainerNeed> needs) {
        FrameworkSettings s = new FrameworkSettings(
                uri,
                "egret-t",
                "egret",
                "",
                System.getProperty("user.name"),
                Duration.ofSeconds(60),
                maxAttempts,
                1,
                Duration.ofSeconds(30),
                Duration.ofMillis(1500),
                2,
                agentHealth);
        MesosFramework f =
                new MesosFramework(s, needs, tasks, new FrameworkIdStore(dir.resolve("sched")), new Backoff(100, 1000));
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
        Await.until(what, Duration.ofSeconds(30), cond, () -> "");
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

    private static Environment secretVariable(Secret secret, String value) {
        Environment.Variable.Builder v = Environment.Variable.newBuilder()
                .setName("S")
                .setType(Environment.Variable.Type.SECRET)
                .setSecret(secret);
        if (value != null) {
            v.setValue(value);
        }
        return Environment.newBuilder().addVariables(v).build();
    }

    /**
     * A VALUE secret reaches the task's environment; a REFERENCE fails the launch (no secret store
     * behind the default resolver); a SECRET variable that also sets a value is refused by the master.
     */
    @Test
    void secretsInTheEnvironmentAreResolvedRefusedOrRejectedAsByMesos() throws Exception {
        startMaster();
        tasks.environmentOf.put(
                0,
                secretVariable(
                        Secret.newBuilder()
                                .setType(Secret.Type.VALUE)
                                .setValue(Secret.Value.newBuilder()
                                        .setData(com.google.protobuf.ByteString.copyFromUtf8("k3y")))
                                .build(),
                        null));
        tasks.commandOf.put(0, "test \"$S\" = k3y && exec sleep 600; exit 7");
        tasks.environmentOf.put(
                1,
                secretVariable(
                        Secret.newBuilder()
                                .setType(Secret.Type.REFERENCE)
                                .setReference(Secret.Reference.newBuilder().setName("/egret/t"))
                                .build(),
                        null));
        tasks.environmentOf.put(
                2,
                secretVariable(
                        Secret.newBuilder()
                                .setType(Secret.Type.VALUE)
                                .setValue(Secret.Value.newBuilder()
                                        .setData(com.google.protobuf.ByteString.copyFromUtf8("k3y")))
                                .build(),
                        "x"));
        framework = start(master.uri(), 1);
        allRunning("egret.t.c0.a1");
        waitFor("containers 1 and 2 given up", () -> {
            try {
                return framework.phase(1) == TaskAttempts.Phase.GAVE_UP
                        && framework.phase(2) == TaskAttempts.Phase.GAVE_UP;
            } catch (SchedulerException e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, TaskState> states = master.taskStates();
        Map<String, String> messages = master.taskMessages();
        assertEquals(TaskState.TASK_FAILED, states.get("egret.t.c1.a1"));
        assertTrue(messages.get("egret.t.c1.a1").contains("cannot resolve references"), messages.toString());
        assertEquals(TaskState.TASK_ERROR, states.get("egret.t.c2.a1"));
        assertEquals(
                "Task's `CommandInfo` is invalid: Environment variable 'S' of type 'SECRET' must not have a value set",
                messages.get("egret.t.c2.a1"));
    }

    @Test
    void aTaskKilledFromOutsideComesBackAsANewAttempt() throws Exception {
        startMaster();
        framework = start(master.uri(), 3);
        allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
        int revivesBefore =
                (int) master.calls().stream().filter(c -> c == Call.Type.REVIVE).count();
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
                return framework.phase(0) == TaskAttempts.Phase.RUNNING
                        && framework.phase(1) == TaskAttempts.Phase.RUNNING
                        && framework.phase(2) == TaskAttempts.Phase.RUNNING;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(id, framework.frameworkId().orElseThrow());
        assertEquals(List.of(id), master.frameworkIds());
        assertTrue(
                master.taskStates().keySet().stream().noneMatch(t -> t.endsWith(".a2")),
                master.taskStates().toString());
        framework.kill();
        assertTrue(master.liveProcesses().isEmpty());
    }

    private List<String> tasksOf(int container) {
        return master.taskStates().keySet().stream()
                .filter(t -> t.startsWith("egret.t.c" + container + "."))
                .sorted()
                .toList();
    }

    @Test
    void addedContainersRunAndRemovedOnesAreKilledForGoodAndComeBackWithFreshTaskIds() throws Exception {
        startMaster();
        framework = start(master.uri(), 1); // one attempt: a removed container's end must not count as a failure
        allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
        waitFor(
                "SUPPRESS once nothing waits",
                () -> master.suppressed(framework.frameworkId().orElse("")));

        framework.addContainers(
                plan(bin(1, 512), bin(2, 512), bin(3, 1024)), List.of(bin(3, 1024)), Duration.ofSeconds(30));
        assertEquals(
                TaskState.TASK_RUNNING, master.taskStates().get("egret.t.c3.a1"), "running when addContainers returns");
        assertTrue(master.liveProcesses().contains("egret.t.c3.a1"));

        framework.removeContainers(List.of(1));
        assertEquals(
                TaskState.TASK_KILLED,
                master.taskStates().get("egret.t.c1.a1"),
                "terminal when removeContainers returns");
        waitFor("c1's process gone", () -> !master.liveProcesses().contains("egret.t.c1.a1"));
        assertEquals(List.of(0, 2, 3), framework.containers());
        assertFalse(framework.failed(), "a removed container's kill is no failure");

        // the next placement round trip would have relaunched container 1 had it stayed pending
        framework.addContainers(
                plan(bin(2, 512), bin(3, 1024), bin(4, 512)), List.of(bin(4, 512)), Duration.ofSeconds(30));
        assertEquals(List.of("egret.t.c1.a1"), tasksOf(1));

        framework.addContainers(
                plan(bin(1, 512), bin(2, 512), bin(3, 1024), bin(4, 512)),
                List.of(bin(1, 512)),
                Duration.ofSeconds(30));
        assertEquals(
                List.of("egret.t.c1.a1", "egret.t.c1.a2"), tasksOf(1), "a container added again gets a fresh task id");
        assertEquals(TaskState.TASK_RUNNING, master.taskStates().get("egret.t.c1.a2"));
        assertEquals(List.of(0, 1, 2, 3, 4), framework.containers());

        framework.addContainers(
                plan(bin(1, 512)), List.of(), Duration.ofSeconds(30)); // nothing to add: returns at once
        framework.kill();
        assertTrue(master.liveProcesses().isEmpty(), master.liveProcesses().toString());
    }

    @Test
    void anUpdateNoOfferCanHoldFailsAndStopsWhatItLaunchedForIt() throws Exception {
        SimulatedMesosMaster.Options small = new SimulatedMesosMaster.Options();
        small.memMb = 4096; // containers 0..2 hold 1536 MB
        master = new SimulatedMesosMaster(dir.resolve("master"), small);
        framework = start(master.uri(), 3);
        allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");

        long start = System.nanoTime();
        SchedulerException e = assertThrows(
                SchedulerException.class,
                () -> framework.addContainers(
                        plan(bin(1, 512), bin(2, 512), bin(3, 1024), bin(4, 8192)),
                        List.of(bin(3, 1024), bin(4, 8192)),
                        Duration.ofSeconds(5)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().startsWith("no offer could hold container 4 (8192 MB, 1 cpu"), e.getMessage());
        assertTrue(e.getMessage().contains("within 5 s"), e.getMessage());
        assertTrue(tookMs >= 5000 && tookMs < 20_000, "took " + tookMs + " ms");
        // container 3 fitted and was launched; the failed update stops it again
        assertEquals(List.of("egret.t.c3.a1"), tasksOf(3));
        assertEquals(TaskState.TASK_KILLED, master.taskStates().get("egret.t.c3.a1"));
        waitFor("c3's process gone", () -> !master.liveProcesses().contains("egret.t.c3.a1"));
        assertEquals(List.of(), tasksOf(4));
        assertEquals(List.of(0, 1, 2), framework.containers());
        assertFalse(framework.failed());
        allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
    }

    @Test
    void anAddedContainerWhoseTaskKeepsFailingFailsTheUpdateNotTheTopology() throws Exception {
        startMaster();
        tasks.commandOf.put(3, "exit 3");
        framework = start(master.uri(), 2);
        allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
        SchedulerException e = assertThrows(
                SchedulerException.class,
                () -> framework.addContainers(
                        plan(bin(1, 512), bin(2, 512), bin(3, 512)), List.of(bin(3, 512)), Duration.ofSeconds(30)));
        assertTrue(
                e.getMessage().startsWith("container 3 failed 2 times (last: egret.t.c3.a2 ended TASK_FAILED"),
                e.getMessage());
        assertEquals(List.of("egret.t.c3.a1", "egret.t.c3.a2"), tasksOf(3));
        assertFalse(framework.failed(), "the update fails, the topology does not");
        assertEquals(List.of(0, 1, 2), framework.containers());
        allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
    }

    @Test
    void aSchedulerRestartedOnTheNewPlanAdoptsAddedContainersAndKillsTasksOutsideIt() throws Exception {
        startMaster();
        framework = start(master.uri(), 3);
        allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
        framework.addContainers(
                plan(bin(1, 512), bin(2, 512), bin(3, 512)), List.of(bin(3, 512)), Duration.ofSeconds(30));
        // the new plan drops container 2, but the scheduler dies before it stops container 2's task
        framework.close();
        framework = start(master.uri(), 3, needs(0, 1, 3));
        waitFor("adopted, and c2's task killed", () -> {
            try {
                return framework.phase(0) == TaskAttempts.Phase.RUNNING
                        && framework.phase(1) == TaskAttempts.Phase.RUNNING
                        && framework.phase(3) == TaskAttempts.Phase.RUNNING
                        && master.taskStates().get("egret.t.c2.a1") == TaskState.TASK_KILLED;
            } catch (Exception ex) {
                return false;
            }
        });
        assertTrue(
                master.taskStates().keySet().stream().noneMatch(t -> t.endsWith(".a2")),
                master.taskStates().toString());
        assertEquals(List.of(0, 1, 3), framework.containers());
        // the restarted scheduler remembers container 2's attempts: adding it back does not reuse egret.t.c2.a1
        framework.addContainers(
                plan(bin(1, 512), bin(2, 512), bin(3, 512)), List.of(bin(2, 512)), Duration.ofSeconds(30));
        assertEquals(List.of("egret.t.c2.a1", "egret.t.c2.a2"), tasksOf(2));
        framework.kill();
        assertTrue(master.liveProcesses().isEmpty(), master.liveProcesses().toString());
    }

    @Test
    void offersComeFromEveryAgentAndALostAgentTakesOnlyItsOwnTasks() throws Exception {
        SimulatedMesosMaster.Options two = new SimulatedMesosMaster.Options().agents(2);
        two.memMb = 1100; // two of the 512 MB containers per agent
        master = new SimulatedMesosMaster(dir.resolve("master"), two);
        assertEquals(List.of("127.0.0.21", "127.0.0.22"), master.agentHostnames());
        framework = start(master.uri(), 3);
        allRunning("egret.t.c0.a1", "egret.t.c1.a1", "egret.t.c2.a1");
        Map<String, String> hosts = master.taskHosts();
        assertEquals("127.0.0.21", hosts.get("egret.t.c0.a1"), hosts.toString());
        assertEquals("127.0.0.21", hosts.get("egret.t.c1.a1"), hosts.toString());
        assertEquals("127.0.0.22", hosts.get("egret.t.c2.a1"), hosts.toString());

        master.loseAgent("127.0.0.22");
        allRunning("egret.t.c2.a2");
        assertEquals("127.0.0.22", master.taskHosts().get("egret.t.c2.a2"), "only the new agent on .22 has room");
        assertEquals(TaskState.TASK_LOST, master.taskStates().get("egret.t.c2.a1"));
        assertEquals(List.of("egret.t.c0.a1"), tasksOf(0), "tasks on the other agent are untouched");
        assertEquals(List.of("egret.t.c1.a1"), tasksOf(1), "tasks on the other agent are untouched");
        allRunning("egret.t.c0.a1", "egret.t.c1.a1");
        framework.kill();
        assertTrue(master.liveProcesses().isEmpty(), master.liveProcesses().toString());
    }

    @Test
    void aContainerThatKeepsFailingOnOneAgentIsRelaunchedOnAnother() throws Exception {
        master = new SimulatedMesosMaster(dir.resolve("master"), new SimulatedMesosMaster.Options().agents(2));
        agentHealth = new AgentHealth.Policy(2, Duration.ofMinutes(5), Duration.ofMinutes(10));
        tasks.failsOn.put(1, "127.0.0.21");
        framework = start(master.uri(), 5);
        waitFor("container 1 running on the other agent", () -> {
            try {
                String task = "egret.t.c1.a" + framework.attempt(1);
                return framework.phase(1) == TaskAttempts.Phase.RUNNING
                        && "127.0.0.22".equals(master.taskHosts().get(task));
            } catch (SchedulerException e) {
                return false;
            }
        });
        Map<String, String> hosts = master.taskHosts();
        long onBadAgent = tasksOf(1).stream()
                .filter(t -> "127.0.0.21".equals(hosts.get(t)))
                .count();
        // first fit would put every relaunch on the first agent's offer: at most the two failures went there
        assertTrue(onBadAgent >= 1 && onBadAgent <= 2, hosts.toString());
        assertTrue(master.calls().contains(Call.Type.DECLINE), master.calls().toString());
        assertFalse(framework.failed());
        // containers running on the refused agent stay there
        assertEquals(List.of("egret.t.c0.a1"), tasksOf(0));
        assertEquals(List.of("egret.t.c2.a1"), tasksOf(2));
        allRunning("egret.t.c0.a1", "egret.t.c2.a1");
    }

    @Test
    void anAgentWhereContainersKeepFailingIsStillUsedWhenItIsTheOnlyOne() throws Exception {
        startMaster();
        agentHealth = new AgentHealth.Policy(2, Duration.ofMinutes(5), Duration.ofMinutes(10));
        tasks.failsOn.put(1, "127.0.0.1");
        framework = start(master.uri(), 4);
        waitFor("gave up", framework::failed);
        assertEquals(4, framework.attempt(1), "relaunched on the only agent after it was refused");
        allRunning("egret.t.c0.a1", "egret.t.c2.a1");
    }
}
