package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.egret.examples.verify.ReliableTopology;
import org.egret.net.auth.AuthSettings;
import org.egret.net.frame.MessageType;
import org.egret.proto.AuthRefused;
import org.egret.proto.ExecutionState;
import org.egret.proto.HelloStMgr;
import org.egret.proto.InstanceLocation;
import org.egret.proto.MetricsBatch;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.RegisterInstanceRequest;
import org.egret.proto.RegisterStMgrRequest;
import org.egret.proto.RegisterStMgrResponse;
import org.egret.proto.SchedulerLocation;
import org.egret.proto.SchedulerRequest;
import org.egret.proto.StMgrLocation;
import org.egret.proto.TMasterLocation;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.egret.runtime.ProcessArguments;
import org.egret.security.TopologySecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Attacks on every port of a running at-least-once topology (2 containers, acking on, ids paced so
 * that it still runs while the attacks go on): its scheduler, topology master, stream managers and
 * metrics managers. Each attack must be refused or survived and show up in the attacked server's
 * log, and in the end every id is acked, no process of the topology died and the servers still
 * take their real clients. Each kind of attack comes from an address of its own in 127/8, since
 * a server logs failed handshakes once a minute per peer host.
 *
 * <p>The tests share one topology and run in order: the attacks, the Kryo bomb (while ids still
 * flow), the end of the run, and last the one that would corrupt the plan if it succeeded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdversaryIT {
    private static final String TOPOLOGY = "adversary";
    private static final int N = 30_000;
    private static final int IDS_PER_SECOND = 1000;
    private static final int IDLE_CONNECTIONS = 1000;
    private static final long AUTH_TIMEOUT_MS = 5000;
    /** Ids the sinks would record if a forged tuple got through; the spout's are 1..N. */
    private static final long FOREIGN_ID = 9_000_000_000L;

    private static final Duration CLOSED_SOON = Duration.ofSeconds(10);
    /** The least time over which acks must move while attacks go on: several of the sinks' ack bursts. */
    private static final Duration ACK_WINDOW = Duration.ofSeconds(3);

    private static final String RAW = "127.0.0.51";
    private static final String WRONG_SECRET = "127.0.0.52";
    private static final String HUGE_FRAME = "127.0.0.53";
    private static final String RANDOM_BYTES = "127.0.0.54";
    private static final String IDLE = "127.0.0.55";
    private static final String INSIDER = "127.0.0.56";
    private static final String BOMB = "127.0.0.57";
    private static final String OVER_CAP = "127.0.0.58";

    /** One server of the topology: where it listens, where it logs, and whether it is a control server (1 MiB cap). */
    private record Target(String name, InetSocketAddress address, Path log, boolean control, int container) {
        boolean is(String kind) {
            return name.startsWith(kind);
        }
    }

    private LocalCluster cluster;
    private Path ids;
    private ReliableRun run;
    private PhysicalPlan plan;
    private byte[] planBytes;
    private String topologyId;
    private final List<Target> targets = new ArrayList<>();
    private Map<String, Long> processesAtStart;
    private String bombVictim;

    @BeforeAll
    void submit() throws Exception {
        cluster = new LocalCluster();
        ids = cluster.root.resolve("ids");
        run = new ReliableRun(ids);
        cluster.submitOk(
                ReliableTopology.class.getName(),
                TOPOLOGY,
                ids.toString(),
                Integer.toString(N),
                "on",
                Integer.toString(IDS_PER_SECOND));
        LocalCluster.waitFor(
                "ids acked", Duration.ofSeconds(90), () -> run.score().acked() >= 1000);
        planBytes = state("pplans");
        plan = PhysicalPlan.parseFrom(planBytes);
        topologyId = ExecutionState.parseFrom(state("executionstate")).getTopologyId();
        SchedulerLocation scheduler = SchedulerLocation.parseFrom(state("schedulers"));
        TMasterLocation tmaster = TMasterLocation.parseFrom(state("tmasters"));
        Path topologyDir = cluster.workingDir.resolve(TOPOLOGY);
        targets.add(new Target(
                "scheduler",
                new InetSocketAddress(scheduler.getHost(), scheduler.getPort()),
                topologyDir.resolve("scheduler.log"),
                true,
                -1));
        targets.add(new Target(
                "tmaster",
                new InetSocketAddress(tmaster.getHost(), tmaster.getServerPort()),
                logOf(0, "executor-0"),
                true,
                0));
        for (int c = 0; c <= 2; c++) {
            // each metrics manager runs inside its container's executor, and logs there
            targets.add(new Target("metricsmgr-" + c, published(c, "metricsmgr"), logOf(c, "executor-" + c), true, c));
        }
        for (StMgrLocation sm : plan.getStmgrsList()) {
            int c = sm.getContainer();
            targets.add(new Target(sm.getId(), published(c, "stmgr"), logOf(c, "stmgr-" + c), false, c));
        }
        assertEquals(
                7, targets.size(), "a scheduler, a topology master, 3 metrics managers, 2 stream managers: " + targets);
        processesAtStart = processes();
        Map<String, Long> roles = new TreeMap<>();
        processesAtStart.keySet().forEach(k -> roles.merge(k.split(" ")[0], 1L, Long::sum));
        assertEquals(
                Map.of("executor", 3L, "instance", (long) plan.getInstancesCount(), "scheduler", 1L, "stmgr", 2L),
                roles,
                "the topology's processes: " + processesAtStart);
    }

    @AfterAll
    void close() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyAttackIsRefusedAndLogged() throws Exception {
        List<String[]> expectedLogs = new ArrayList<>();
        idleConnectionsAreClosedWhileIdsAreAcked(expectedLogs);
        ReliableRun.Score before = run.score();
        Instant attacksStart = Instant.now();
        forgedFramesWithoutHandshake(expectedLogs);
        forgedFramesAfterAWrongSecret(expectedLogs);
        hugeAndRandomFramesBeforeAuthentication(expectedLogs);
        insidersPosingAsSomeoneElse(expectedLogs);
        framesOverTheControlCap(expectedLogs);

        assertLogged(expectedLogs);
        assertArrayEquals(planBytes, state("pplans"), "the physical plan changed");
        assertStillRunning();
        assertEquals(processesAtStart, processes(), "a process of the topology died or was restarted");
        // the sinks ack in bursts about once a second (a tick, or 500 ids), and the attacks may take less:
        // the window must hold a few bursts, or it can fall between two (as it did in one CI run, 0.8 s)
        Instant windowEnd = attacksStart.plus(ACK_WINDOW);
        ReliableRun.Score after = run.scoreWrittenAfter(Instant.now().isAfter(windowEnd) ? Instant.now() : windowEnd);
        assertTrue(
                after.acked() > before.acked(), "ids were acked while the attacks went on: " + before + " -> " + after);
    }

    /**
     * 1,000 connections that never say a word, spread over every port: closed after the auth timeout,
     * and ids keep being acked meanwhile.
     */
    private void idleConnectionsAreClosedWhileIdsAreAcked(List<String[]> expectedLogs) throws Exception {
        Instant start = Instant.now();
        long acked = run.score().acked();
        List<RawFrames> idle = new ArrayList<>();
        try {
            for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                idle.add(RawFrames.connect(IDLE, targets.get(i % targets.size()).address()));
            }
            long opened = System.nanoTime();
            long deadline = opened
                    + Duration.ofMillis(AUTH_TIMEOUT_MS).plus(CLOSED_SOON).toNanos();
            List<Long> serverPids = new ArrayList<>(serverPids());
            LocalCluster.waitFor(
                    "the servers to close every idle connection",
                    Duration.ofNanos(deadline - opened),
                    () -> SocketAudit.of(serverPids).stream()
                            .noneMatch(s -> s.remote().getHostAddress().equals(IDLE)));
            long closedMs = (System.nanoTime() - opened) / 1_000_000;
            for (RawFrames c : idle) {
                // also those still in a listen queue, which no server holds yet
                c.awaitClosed(
                        Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000)), "an idle connection");
            }
            System.out.printf(
                    "AdversaryIT: %d idle connections closed %d ms after the last was opened%n", idle.size(), closedMs);
        } finally {
            for (RawFrames c : idle) {
                c.close();
            }
        }
        ReliableRun.Score s = run.scoreWrittenAfter(start);
        assertTrue(s.acked() > acked, "ids were acked while the idle connections were open: " + acked + " -> " + s);
        for (Target t : targets) {
            expectedLogs.add(
                    new String[] {t.name(), "authentication failed with /" + IDLE + ":", "no authentication within"});
        }
    }

    /** Requests each server would act on from its real clients, sent with no handshake: closed on the first frame. */
    private void forgedFramesWithoutHandshake(List<String[]> expectedLogs) throws Exception {
        for (Target t : targets) {
            for (byte[] frame : forgedFrames(t, 1)) {
                try (RawFrames c = RawFrames.connect(RAW, t.address())) {
                    c.sendRaw(frame);
                    c.awaitClosed(CLOSED_SOON, "a forged frame with no handshake at " + t.name());
                }
            }
            // the frame closed it, not the auth timeout
            expectedLogs.add(
                    new String[] {t.name(), "authentication failed with /" + RAW + ":", "before authentication"});
        }
    }

    /** The same requests after a handshake under another topology's secret: refused, then closed. */
    private void forgedFramesAfterAWrongSecret(List<String[]> expectedLogs) throws Exception {
        TopologySecret wrong = TopologySecret.generate();
        for (Target t : targets) {
            for (byte[] frame : forgedFrames(t, 2)) {
                try (RawFrames c = RawFrames.connect(WRONG_SECRET, t.address())) {
                    Message answer =
                            c.authenticateWith(wrong, topologyId, t.is("stmgr") ? peerOf(t.container()) : "cli");
                    assertTrue(
                            answer == null || answer instanceof AuthRefused,
                            t.name() + " answered a wrong proof with " + answer);
                    c.sendRaw(frame);
                    c.awaitClosed(CLOSED_SOON, "a forged frame after a wrong secret at " + t.name());
                }
            }
            expectedLogs.add(new String[] {
                t.name(), "authentication failed with /" + WRONG_SECRET + ":", "does not hold the topology secret"
            });
        }
    }

    /**
     * What each kind of server would act on: a kill, an update and a restart at the scheduler; a
     * stream manager's registration (at another address) at the topology master; a peer's hello, an
     * instance's registration and a tuple for a sink at a stream manager; metrics at a metrics manager.
     */
    private List<byte[]> forgedFrames(Target t, int attack) {
        if (t.is("scheduler")) {
            return List.of(
                    frame(SchedulerRequest.newBuilder()
                            .setCommand(SchedulerRequest.Command.KILL)
                            .build()),
                    frame(SchedulerRequest.newBuilder()
                            .setCommand(SchedulerRequest.Command.UPDATE)
                            .setTopology(Topology.newBuilder()
                                    .setId(plan.getTopology().getId())
                                    .setName(plan.getTopology().getName()))
                            .build()),
                    frame(SchedulerRequest.newBuilder()
                            .setCommand(SchedulerRequest.Command.RESTART)
                            .setContainer(-1)
                            .build()));
        }
        if (t.is("tmaster")) {
            return List.of(frame(registrationElsewhere(plan.getStmgrs(0))));
        }
        if (t.is("stmgr")) {
            int sink = sinkNear(t);
            return List.of(
                    frame(HelloStMgr.newBuilder()
                            .setStmgrId(peerOf(t.container()))
                            .build()),
                    frame(RegisterInstanceRequest.newBuilder()
                            .setTaskId(sink)
                            .setComponent("sink")
                            .build()),
                    ForgedTuples.batch(
                            tasksOf(null, "flaky").get(0), sink, ForgedTuples.idValues(FOREIGN_ID + attack)));
        }
        return List.of(frame(
                MetricsBatch.newBuilder().setSource("stmgr-1").setTimestampMs(1).build()));
    }

    /** A frame announcing 64 MiB, and 4 KiB of noise, before any handshake: closed on the length, nothing allocated. */
    private void hugeAndRandomFramesBeforeAuthentication(List<String[]> expectedLogs) throws Exception {
        Random noise = new Random(18);
        for (Target t : targets) {
            try (RawFrames c = RawFrames.connect(HUGE_FRAME, t.address())) {
                c.sendHeader(64 << 20, MessageType.TASK_BATCH);
                c.awaitClosed(CLOSED_SOON, "a 64 MiB frame before authentication at " + t.name());
            }
            expectedLogs.add(new String[] {
                t.name(), "authentication failed with /" + HUGE_FRAME + ":", "frame of " + (64 << 20) + " bytes"
            });
            byte[] bytes = new byte[4096];
            noise.nextBytes(bytes);
            try (RawFrames c = RawFrames.connect(RANDOM_BYTES, t.address())) {
                c.sendRaw(bytes);
                c.awaitClosed(Duration.ofMillis(AUTH_TIMEOUT_MS).plus(CLOSED_SOON), "random bytes at " + t.name());
            }
            expectedLogs.add(new String[] {t.name(), "authentication failed with /" + RANDOM_BYTES + ":"});
        }
    }

    /**
     * Holders of the real secret, authenticated as one of the container's instances, who introduce
     * themselves to its stream manager as a peer stream manager or as another task: closed before
     * the tuple that follows is read.
     */
    private void insidersPosingAsSomeoneElse(List<String[]> expectedLogs) throws Exception {
        for (Target t : targets) {
            if (!t.is("stmgr")) {
                continue;
            }
            List<Integer> local = tasksOf(t.name());
            String self = "instance-" + local.get(0);
            int other = local.get(1);
            String otherComponent = componentOf(other);
            int sink = sinkNear(t);
            byte[] tuple =
                    ForgedTuples.batch(tasksOf(null, "flaky").get(0), sink, ForgedTuples.idValues(FOREIGN_ID + 3));
            List<Message> introductions = List.of(
                    HelloStMgr.newBuilder().setStmgrId(peerOf(t.container())).build(),
                    RegisterInstanceRequest.newBuilder()
                            .setTaskId(other)
                            .setComponent(otherComponent)
                            .build());
            for (Message intro : introductions) {
                try (RawFrames c = RawFrames.connect(INSIDER, t.address())) {
                    c.authenticate(auth(self));
                    c.send(intro);
                    c.sendRaw(tuple);
                    c.awaitClosed(CLOSED_SOON, "an insider introducing itself as someone else at " + t.name());
                }
            }
            expectedLogs.add(new String[] {
                t.name(),
                "/" + INSIDER + ":",
                "authenticated as '" + self + "' but introduced itself as '" + peerOf(t.container()) + "'"
            });
            expectedLogs.add(new String[] {
                t.name(),
                "/" + INSIDER + ":",
                "authenticated as '" + self + "' but introduced itself as 'instance-" + other + "'"
            });
        }
    }

    /** An authenticated client of a control server announcing a 2 MiB frame: over the 1 MiB cap, closed. */
    private void framesOverTheControlCap(List<String[]> expectedLogs) throws Exception {
        for (Target t : targets) {
            if (!t.control()) {
                continue;
            }
            try (RawFrames c = RawFrames.connect(OVER_CAP, t.address())) {
                c.authenticate(auth("cli"));
                c.sendHeader(2 << 20, MessageType.METRICS_BATCH);
                c.awaitClosed(CLOSED_SOON, "a 2 MiB frame to a control server at " + t.name());
            }
            expectedLogs.add(new String[] {t.name(), "/" + OVER_CAP + ":", "frame of " + (2 << 20) + " bytes"});
        }
    }

    /**
     * A peer stream manager (the real secret, the other container's name) sends a bolt a tuple
     * whose one value is a list declaring two billion elements. The instance must survive it: same
     * process, and it goes on executing the ids the spout still emits.
     */
    @Test
    @Order(2)
    void aKryoBombTupleIsSurvived() throws Exception {
        Target sm = targets.stream()
                .filter(t -> t.is("stmgr") && !tasksOf(t.name(), "sink").isEmpty())
                .findFirst()
                .orElseThrow();
        int victim = tasksOf(sm.name(), "sink").get(0);
        bombVictim = "instance c" + sm.container() + " t" + victim;
        long pid = processesAtStart.get(bombVictim);
        Path sinkFile = ids.resolve("sink-" + victim + "-" + pid + ".txt");
        assertTrue(
                run.score().emitted() < N,
                "the spout still emits when the bomb goes off (else raise N): " + run.score());
        long recorded = Files.size(sinkFile);
        long acked = run.score().acked();
        Instant sent = Instant.now();
        try (RawFrames c = RawFrames.connect(BOMB, sm.address())) {
            String peer = peerOf(sm.container());
            c.authenticate(auth(peer));
            c.send(HelloStMgr.newBuilder().setStmgrId(peer).build());
            assertTrue(
                    c.sendRaw(ForgedTuples.batch(
                            tasksOf(null, "flaky").get(0), victim, ForgedTuples.bombValues(2_000_000_000))),
                    "the stream manager took the peer's batch");
            LocalCluster.waitFor("the bombed sink to record ids again, and 3 s to pass", Duration.ofSeconds(60), () -> {
                try {
                    return Duration.between(sent, Instant.now()).toMillis() >= 3000
                            && Files.size(sinkFile) > recorded
                            && run.score().acked() > acked;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Path log = logOf(sm.container(), "instance-" + victim + "-sink");
        assertEquals(
                pid,
                processes().get(bombVictim),
                "the bombed sink's instance (task " + victim + ") died:\n"
                        + String.join(
                                "\n",
                                Files.readAllLines(log).stream()
                                        .filter(l -> l.contains("Error") || l.contains("Exception"))
                                        .limit(5)
                                        .toList()));
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "task " + victim + " is alive");
    }

    @Test
    @Order(3)
    void everyIdIsAckedAndNoProcessDied() throws Exception {
        run.assertEveryIdAckedOnce(cluster, TOPOLOGY, N);
        List<Long> foreign = run.sinkCounts().keySet().stream()
                .filter(id -> id < 1 || id > N)
                .toList();
        assertEquals(List.of(), foreign, "ids no spout emitted reached a sink");
        Map<String, Long> now = processes();
        Map<String, Long> atStart = new TreeMap<>(processesAtStart);
        if (bombVictim != null) {
            // aKryoBombTupleIsSurvived checks that one
            now.remove(bombVictim);
            atStart.remove(bombVictim);
        }
        assertEquals(atStart, now, "a process of the topology died or was restarted");
        assertStillRunning();
        assertArrayEquals(planBytes, state("pplans"), "the physical plan changed");
        for (Target t : targets) {
            try (RawFrames c = RawFrames.connect("127.0.0.1", t.address())) {
                c.authenticate(auth("cli"));
            }
        }
    }

    /**
     * A process authenticated as an instance registering at the topology master as its container's
     * stream manager, at another address: the stream managers hold a peer to the name it
     * authenticated under, and the topology master must too. (Every process holds the same secret and
     * names itself in its hello, so this stops a process speaking for another under its own name, not
     * one that authenticates under the other's.) Last: if it succeeded, the plan would point at a port
     * nobody serves.
     */
    @Test
    @Order(4)
    void aStreamManagerRegistrationMustComeFromThatName() throws Exception {
        Target tm = targets.stream().filter(t -> t.is("tmaster")).findFirst().orElseThrow();
        StMgrLocation real = plan.getStmgrs(0);
        String instance = "instance-" + tasksOf(real.getId()).get(0);
        Message answer;
        try (RawFrames c = RawFrames.connect(INSIDER, tm.address())) {
            c.authenticate(auth(instance));
            c.send(registrationElsewhere(real));
            answer = c.read();
        }
        assertTrue(
                !(answer instanceof RegisterStMgrResponse r) || !r.getStatus().getOk(),
                "the topology master took " + real.getId() + "'s registration from a connection authenticated as "
                        + instance + ": " + answer);
        assertArrayEquals(planBytes, state("pplans"), "the physical plan changed");
    }

    // ---- the topology as the test sees it ----

    private byte[] state(String kind) throws IOException {
        return Files.readAllBytes(cluster.stateRoot.resolve(kind).resolve(TOPOLOGY));
    }

    private Path logOf(int container, String process) {
        return cluster.containerDir(TOPOLOGY, container).resolve("logs").resolve(process + ".log");
    }

    private InetSocketAddress published(int container, String server) throws IOException {
        Path file = cluster.containerDir(TOPOLOGY, container).resolve("ports").resolve(server);
        String hostPort = Files.readString(file).trim();
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private AuthSettings auth(String identity) {
        return cluster.wire(TOPOLOGY, identity, 1 << 20).auth();
    }

    /** The other container's stream manager: the name a peer of {@code container}'s would authenticate under. */
    private String peerOf(int container) {
        return plan.getStmgrsList().stream()
                .map(StMgrLocation::getId)
                .filter(id -> !id.equals("stmgr-" + container))
                .findFirst()
                .orElseThrow();
    }

    private List<Integer> tasksOf(String stmgr) {
        return tasksOf(stmgr, null);
    }

    /** Tasks on {@code stmgr} (null: anywhere) of {@code component} (null: any), in id order. */
    private List<Integer> tasksOf(String stmgr, String component) {
        return plan.getInstancesList().stream()
                .filter(i -> stmgr == null || i.getStmgrId().equals(stmgr))
                .filter(i -> component == null || i.getComponent().equals(component))
                .map(InstanceLocation::getTaskId)
                .sorted()
                .toList();
    }

    /** A sink task on stream manager {@code t}, so that a tuple for it would be delivered there; else any sink task. */
    private int sinkNear(Target t) {
        List<Integer> local = tasksOf(t.name(), "sink");
        return local.isEmpty() ? tasksOf(null, "sink").get(0) : local.get(0);
    }

    private String componentOf(int task) {
        return plan.getInstancesList().stream()
                .filter(i -> i.getTaskId() == task)
                .findFirst()
                .orElseThrow()
                .getComponent();
    }

    /** {@code real}'s registration, but at a port nobody serves: whoever the plan points there loses its tuples. */
    private RegisterStMgrRequest registrationElsewhere(StMgrLocation real) {
        return RegisterStMgrRequest.newBuilder()
                .setStmgr(real.toBuilder().setHost("127.0.0.1").setDataPort(9))
                .addAllTaskIds(tasksOf(real.getId()))
                .build();
    }

    private static byte[] frame(Message m) {
        byte[] body = m.toByteArray();
        return ByteBuffer.allocate(5 + body.length)
                .putInt(body.length + 1)
                .put(MessageType.of(m).code())
                .put(body)
                .array();
    }

    /** Every process of the topology by role, container and task, with its pid. */
    private Map<String, Long> processes() {
        Map<String, Long> pids = new TreeMap<>();
        ProcessHandle.allProcesses()
                .forEach(p -> ProcessArguments.of(p).ifPresent(args -> {
                    if (args.contains("-Degret.topology=" + TOPOLOGY)) {
                        String role = args.stream()
                                .filter(s -> s.startsWith("-Degret.role="))
                                .findFirst()
                                .map(s -> s.substring("-Degret.role=".length()))
                                .orElse("?");
                        String key = role + after(args, "--container", " c") + after(args, "--task-id", " t");
                        while (pids.containsKey(key)) {
                            key += "'";
                        }
                        pids.put(key, p.pid());
                    }
                }));
        return pids;
    }

    private static String after(List<String> args, String flag, String prefix) {
        int i = args.indexOf(flag);
        return i < 0 || i + 1 >= args.size() ? "" : prefix + args.get(i + 1);
    }

    private List<Long> serverPids() {
        return processesAtStart.entrySet().stream()
                .filter(e -> e.getKey().startsWith("scheduler")
                        || e.getKey().startsWith("stmgr")
                        || e.getKey().startsWith("executor"))
                .map(Map.Entry::getValue)
                .toList();
    }

    private void assertStillRunning() throws IOException {
        ExecutionState es = ExecutionState.parseFrom(state("executionstate"));
        assertEquals(TopologyState.RUNNING, es.getState(), es.toString());
        assertEquals(0, es.getContainerFailuresCount(), "container failures: " + es.getContainerFailuresList());
        for (int c = 0; c <= 2; c++) {
            Path failed = cluster.containerDir(TOPOLOGY, c).resolve("failed-processes");
            assertTrue(!Files.exists(failed), failed + ": " + (Files.exists(failed) ? Files.readString(failed) : ""));
        }
    }

    /** Waits for each {@code [server, fragment...]}: a line of that server's log holding every fragment. */
    private void assertLogged(List<String[]> expected) throws InterruptedException {
        Map<String, Path> logs = new TreeMap<>();
        targets.forEach(t -> logs.put(t.name(), t.log()));
        List<String> missing = new ArrayList<>();
        try {
            LocalCluster.waitFor("the attacks in the servers' logs", Duration.ofSeconds(20), () -> {
                missing.clear();
                for (String[] e : expected) {
                    if (!logged(logs.get(e[0]), List.of(e).subList(1, e.length))) {
                        missing.add(
                                e[0] + ": " + String.join(" ... ", List.of(e).subList(1, e.length)));
                    }
                }
                return missing.isEmpty();
            });
        } catch (AssertionError e) {
            throw new AssertionError("not logged:\n" + String.join("\n", missing), e);
        }
    }

    private static boolean logged(Path log, List<String> fragments) {
        try {
            return Files.exists(log)
                    && Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                            .anyMatch(line -> fragments.stream().allMatch(line::contains));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
