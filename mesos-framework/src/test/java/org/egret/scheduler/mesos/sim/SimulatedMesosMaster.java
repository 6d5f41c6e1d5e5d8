package org.egret.scheduler.mesos.sim;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.URL;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated Mesos master (with one or more simulated agents) for tests, since no real Mesos can
 * run here. It speaks the v1 scheduler HTTP API over real HTTP on loopback, as a 1.11 master does on
 * the paths Egret uses: SUBSCRIBE answered with a chunked RecordIO stream and a
 * {@code Mesos-Stream-Id}; the master's status codes and validation messages (400, 403, 405, 406,
 * 415, 307 with a protocol-relative Location, 503); offers with decline filters, suppression,
 * rescinds and expiry; task status updates delivered one at a time per task and resent until
 * acknowledged; RECONCILE; the failover timeout; TEARDOWN. Faults can be injected (dropped
 * stream, missed heartbeats, ERROR, 307, 503, a task process killed from outside, a lost agent).
 * Only protobuf bodies are supported, which is what Egret sends.
 */
public final class SimulatedMesosMaster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedMesosMaster.class);
    static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    /** Tunables; the defaults suit tests. */
    public static final class Options {
        public double heartbeatSeconds = 1;
        public long allocationIntervalMs = 200;
        public long updateRetryMs = 1000;
        public long offerTimeoutMs = 0;
        public long killGraceMs = 8000;
        public double cpus = 16;
        public double memMb = 65536;
        public double diskMb = 1_000_000;
        public long portsBegin = 31000;
        public long portsEnd = 31999;
        /**
         * One agent per entry, with that hostname; each has the resources above. Several agents need
         * distinct addresses of this machine (Linux routes all of 127.0.0.0/8 to loopback), so the
         * servers of their tasks can bind them and be told apart.
         */
        public List<String> agentHosts = List.of("127.0.0.1");

        /** {@code n} agents on 127.0.0.21, 127.0.0.22, ... */
        public Options agents(int n) {
            List<String> hosts = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                hosts.add("127.0.0." + (20 + i));
            }
            agentHosts = List.copyOf(hosts);
            return this;
        }
    }

    private final class Framework {
        final FrameworkID id;
        FrameworkInfo info;
        SimulatedEventStream stream;
        long disconnectedAtNanos = -1;
        boolean suppressed;
        final Map<String, Long> agentFilterUntilNanos = new HashMap<>();
        final Map<String, Offer> offers = new LinkedHashMap<>();
        final Map<String, TaskInfo> tasks = new LinkedHashMap<>();
        final Map<String, TaskStatus> latest = new LinkedHashMap<>();
        /** Per task, its updates in order; only the head is sent, until acknowledged. */
        final Map<String, Deque<TaskStatus>> unacked = new LinkedHashMap<>();

        final Map<String, Long> lastSentNanos = new HashMap<>();

        Framework(FrameworkID id, FrameworkInfo info) {
            this.id = id;
            this.info = info;
        }

        boolean connected() {
            return stream != null && !stream.isClosed();
        }
    }

    private final Options options;
    private final HttpServer server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-mesos-master");
        t.setDaemon(true);
        return t;
    });
    private final Path workDir;
    private final Map<String, Framework> frameworks = new LinkedHashMap<>();
    private final Map<String, Framework> removed = new HashMap<>();
    private final List<Call.Type> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicInteger offerSeq = new AtomicInteger();
    /** The registered agents, one per entry of {@link Options#agentHosts}; a lost one is replaced in its slot. */
    private final List<SimulatedMesosAgent> agents = new ArrayList<>();
    /** Every agent id ever registered, with its hostname, lost ones included. */
    private final Map<String, String> agentHostnames = new LinkedHashMap<>();

    private int agentSeq;
    private volatile URI leader;
    private volatile int unavailable;
    private volatile boolean heartbeatsPaused;
    private long lastHeartbeatNanos;

    public SimulatedMesosMaster(Path workDir) throws IOException {
        this(workDir, new Options());
    }

    public SimulatedMesosMaster(Path workDir, Options options) throws IOException {
        this.options = options;
        this.workDir = workDir;
        if (options.agentHosts.isEmpty() || Set.copyOf(options.agentHosts).size() != options.agentHosts.size()) {
            throw new IllegalArgumentException(
                    "agent hostnames must be distinct and at least one: " + options.agentHosts);
        }
        for (String host : options.agentHosts) {
            agents.add(newAgent(host));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "simulated-mesos-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/v1/scheduler", this::scheduler);
        server.createContext("/redirect", this::redirectEndpoint);
        server.createContext("/master/redirect", this::redirectEndpoint);
        server.start();
        timer.scheduleWithFixedDelay(
                this::tick, options.allocationIntervalMs, options.allocationIntervalMs, TimeUnit.MILLISECONDS);
        LOG.info("simulated Mesos master at {}", uri());
    }

    /** An agent registering (again, after a loss: with a new id, as a real agent whose state is gone). */
    private SimulatedMesosAgent newAgent(String host) {
        AgentID id = AgentID.newBuilder()
                .setValue("simulated-agent-S" + (agentSeq++))
                .build();
        agentHostnames.put(id.getValue(), host);
        // each agent has its own work dir and fetcher cache, as agents on different machines do
        Path dir = workDir.resolve("agents").resolve(host);
        return new SimulatedMesosAgent(
                id,
                host,
                dir,
                new SimulatedFetcher(dir.resolve("fetcher-cache")),
                options.killGraceMs,
                this::agentUpdate);
    }

    private SimulatedMesosAgent agent(AgentID id) {
        return agents.stream().filter(a -> a.id.equals(id)).findFirst().orElse(null);
    }

    /** The registered agent running a task, or null (unknown task, or its agent was lost). */
    private SimulatedMesosAgent agentOf(Framework fw, String taskId) {
        TaskInfo t = fw.tasks.get(taskId);
        return t == null ? null : agent(t.getAgentId());
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // ---------------------------------------------------------------- HTTP

    private void redirectEndpoint(HttpExchange ex) throws IOException {
        URI to = leader != null ? leader : uri();
        ex.getResponseHeaders().set("Location", "//" + to.getHost() + ":" + to.getPort());
        ex.sendResponseHeaders(307, -1);
        ex.close();
    }

    private void scheduler(HttpExchange ex) throws IOException {
        try {
            if (unavailable > 0) {
                unavailable--;
                reply(ex, 503, "No leader elected");
                return;
            }
            URI lead = leader;
            if (lead != null) {
                ex.getResponseHeaders()
                        .set("Location", "//" + lead.getHost() + ":" + lead.getPort() + "/api/v1/scheduler");
                reply(ex, 307, "");
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                reply(ex, 405, "Expecting a 'POST' request, received '" + ex.getRequestMethod() + "'");
                return;
            }
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null) {
                reply(ex, 400, "Expecting 'Content-Type' to be present");
                return;
            }
            if (contentType.equals(JSON)) {
                reply(ex, 415, "The simulated Mesos master only reads application/x-protobuf bodies");
                return;
            }
            if (!contentType.equals(PROTOBUF)) {
                reply(ex, 415, "Expecting 'Content-Type' of application/json or application/x-protobuf");
                return;
            }
            Call call;
            try {
                call = Call.parseFrom(ex.getRequestBody().readAllBytes());
            } catch (InvalidProtocolBufferException e) {
                reply(ex, 400, "Failed to parse body into Call protobuf: " + e.getMessage());
                return;
            }
            if (!call.hasType()) {
                reply(ex, 400, "Failed to validate scheduler::Call: Expecting 'type' to be present");
                return;
            }
            calls.add(call.getType());
            String streamId = ex.getRequestHeaders().getFirst("Mesos-Stream-Id");
            if (call.getType() == Call.Type.SUBSCRIBE) {
                if (streamId != null) {
                    reply(ex, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
                    return;
                }
                String accept = ex.getRequestHeaders().getFirst("Accept");
                if (accept != null && !accept.contains(PROTOBUF) && !accept.contains("*/*")) {
                    reply(
                            ex,
                            406,
                            "Expecting 'Accept' to allow application/x-protobuf (the simulated master streams protobuf)");
                    return;
                }
                subscribe(ex, call);
                return;
            }
            if (!call.hasFrameworkId()) {
                reply(ex, 400, "Failed to validate scheduler::Call: Expecting 'framework_id' to be present");
                return;
            }
            if (streamId == null) {
                reply(ex, 400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
                return;
            }
            String error = handleCall(call, streamId);
            if (error != null) {
                reply(ex, error.startsWith("403 ") ? 403 : 400, error.substring(4));
                return;
            }
            reply(ex, 202, "");
        } catch (RuntimeException e) {
            LOG.error("simulated master failed on a request", e);
            reply(ex, 500, String.valueOf(e));
        }
    }

    private static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0) {
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
        ex.close();
    }

    private void subscribe(HttpExchange ex, Call call) throws IOException {
        FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
        SimulatedEventStream stream;
        SimulatedEventStream old = null;
        synchronized (this) {
            String wanted = info.hasId() ? info.getId().getValue() : null;
            if (wanted != null && removed.containsKey(wanted)) {
                stream = openStream(ex);
                stream.send(Event.newBuilder()
                        .setType(Event.Type.ERROR)
                        .setError(Event.Error.newBuilder().setMessage("Framework has been removed"))
                        .build());
                stream.close();
            } else {
                Framework fw = wanted != null ? frameworks.get(wanted) : null;
                if (fw == null) {
                    FrameworkID id = FrameworkID.newBuilder()
                            .setValue(wanted != null ? wanted : "simulated-" + UUID.randomUUID() + "-0000")
                            .build();
                    fw = new Framework(id, info.toBuilder().setId(id).build());
                    frameworks.put(id.getValue(), fw);
                } else {
                    old = fw.stream;
                    fw.info = info.toBuilder().setId(fw.id).build();
                    rescindAll(fw);
                }
                stream = openStream(ex);
                fw.stream = stream;
                fw.disconnectedAtNanos = -1;
                fw.suppressed = false;
                subscriptions.incrementAndGet();
                stream.send(Event.newBuilder()
                        .setType(Event.Type.SUBSCRIBED)
                        .setSubscribed(Event.Subscribed.newBuilder()
                                .setFrameworkId(fw.id)
                                .setHeartbeatIntervalSeconds(options.heartbeatSeconds)
                                .setMasterInfo(MasterInfo.newBuilder()
                                        .setId("simulated-master")
                                        .setIp(0x0100007f)
                                        .setPort(server.getAddress().getPort())
                                        .setHostname("127.0.0.1")))
                        .build());
                fw.lastSentNanos.clear(); // pending updates go out again on the new stream
                LOG.info("framework {} subscribed (stream {})", fw.id.getValue(), stream.streamId);
            }
        }
        if (old != null) {
            old.close();
        }
        try {
            stream.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ex.close();
    }

    private static SimulatedEventStream openStream(HttpExchange ex) throws IOException {
        String streamId = UUID.randomUUID().toString();
        ex.getResponseHeaders().set("Content-Type", PROTOBUF);
        ex.getResponseHeaders().set("Mesos-Stream-Id", streamId);
        ex.sendResponseHeaders(200, 0); // chunked
        return new SimulatedEventStream(streamId, ex.getResponseBody());
    }

    // ---------------------------------------------------------------- calls

    /** Returns null when accepted, else "400 message" or "403 message". */
    private synchronized String handleCall(Call call, String streamId) {
        String fid = call.getFrameworkId().getValue();
        Framework fw = frameworks.get(fid);
        if (fw == null) {
            return "403 Framework cannot be found";
        }
        if (!fw.connected()) {
            return "403 Framework is not subscribed";
        }
        if (!fw.stream.streamId.equals(streamId)) {
            return "400 The stream ID '" + streamId + "' included in this request didn't match the stream ID "
                    + "currently associated with framework ID " + fid;
        }
        switch (call.getType()) {
            case TEARDOWN -> teardown(fw);
            case ACCEPT -> accept(fw, call.getAccept());
            case DECLINE -> {
                for (OfferID o : call.getDecline().getOfferIdsList()) {
                    Offer offer = fw.offers.remove(o.getValue());
                    if (offer != null) {
                        filter(
                                fw,
                                offer,
                                call.getDecline().hasFilters()
                                        ? call.getDecline().getFilters().getRefuseSeconds()
                                        : 5);
                    }
                }
            }
            case REVIVE -> {
                fw.suppressed = false;
                fw.agentFilterUntilNanos.clear();
            }
            case SUPPRESS -> fw.suppressed = true;
            case KILL -> kill(fw, call.getKill().getTaskId());
            case ACKNOWLEDGE -> {
                Call.Acknowledge ack = call.getAcknowledge();
                if (ack.getUuid().size() != 16) {
                    return "400 Failed to validate scheduler::Call: Not a valid UUID";
                }
                Deque<TaskStatus> q = fw.unacked.get(ack.getTaskId().getValue());
                if (q != null && !q.isEmpty() && q.peekFirst().getUuid().equals(ack.getUuid())) {
                    q.pollFirst();
                    fw.lastSentNanos.remove(ack.getTaskId().getValue());
                    deliverUpdates(fw);
                }
            }
            case RECONCILE -> reconcile(fw, call.getReconcile());
            default -> {
                return "400 The simulated Mesos master does not support " + call.getType();
            }
        }
        return null;
    }

    private void accept(Framework fw, Call.Accept accept) {
        List<Offer> used = new ArrayList<>();
        boolean valid = true;
        for (OfferID o : accept.getOfferIdsList()) {
            Offer offer = fw.offers.remove(o.getValue());
            if (offer == null) {
                valid = false;
            } else {
                used.add(offer);
            }
        }
        String invalidOffers = !valid || used.isEmpty()
                ? "offer is no longer valid"
                : used.stream().map(Offer::getAgentId).distinct().count() > 1
                        ? "Aggregated offers must belong to the same agent"
                        : null;
        for (Offer.Operation op : accept.getOperationsList()) {
            if (op.getType() != Offer.Operation.Type.LAUNCH) {
                continue;
            }
            for (TaskInfo task : op.getLaunch().getTaskInfosList()) {
                if (invalidOffers != null) {
                    masterUpdate(
                            fw,
                            task.getTaskId(),
                            task.getAgentId(),
                            TaskState.TASK_LOST,
                            TaskStatus.Reason.REASON_INVALID_OFFERS,
                            "Task launched with invalid offers: " + invalidOffers);
                    continue;
                }
                String invalid = validate(fw, task, used.get(0));
                if (invalid != null) {
                    masterUpdate(
                            fw,
                            task.getTaskId(),
                            task.getAgentId(),
                            TaskState.TASK_ERROR,
                            TaskStatus.Reason.REASON_TASK_INVALID,
                            invalid);
                    continue;
                }
                fw.tasks.put(task.getTaskId().getValue(), task);
                fw.latest.put(
                        task.getTaskId().getValue(),
                        status(task.getTaskId(), task.getAgentId(), TaskState.TASK_STAGING)
                                .build());
                agent(task.getAgentId()).launch(fw.id, task);
            }
        }
        for (Offer offer : used) {
            filter(fw, offer, accept.hasFilters() ? accept.getFilters().getRefuseSeconds() : 5);
        }
    }

    /** The master's checks that matter here: unique id, right agent, a valid environment, resources within the offer. */
    private String validate(Framework fw, TaskInfo task, Offer offer) {
        TaskStatus prev = fw.latest.get(task.getTaskId().getValue());
        if (prev != null && !terminal(prev.getState())) {
            return "Task has duplicate ID: " + task.getTaskId().getValue();
        }
        if (!task.getAgentId().equals(offer.getAgentId())) {
            return "Task uses invalid agent: " + task.getAgentId().getValue();
        }
        if (!task.hasCommand() && !task.hasExecutor()) {
            return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
        }
        String environment =
                SimulatedSecrets.invalidEnvironment(task.getCommand().getEnvironment());
        if (environment != null) {
            return "Task's `CommandInfo` is invalid: " + environment;
        }
        return SimulatedResources.misfit(task, offer);
    }

    private void kill(Framework fw, TaskID task) {
        TaskStatus st = fw.latest.get(task.getValue());
        if (st == null || terminal(st.getState())) {
            masterUpdate(
                    fw,
                    task,
                    null,
                    TaskState.TASK_LOST,
                    TaskStatus.Reason.REASON_RECONCILIATION,
                    "Attempted to kill an unknown task");
            return;
        }
        SimulatedMesosAgent agent = agentOf(fw, task.getValue());
        if (agent == null || !agent.kill(task.getValue())) {
            LOG.debug("kill of {} arrived before the agent started it", task.getValue());
        }
    }

    private void reconcile(Framework fw, Call.Reconcile rec) {
        if (rec.getTasksCount() == 0) {
            fw.latest.values().stream()
                    .filter(s -> !terminal(s.getState()))
                    .toList()
                    .forEach(s -> send(
                            fw,
                            update(s.toBuilder()
                                    .clearUuid()
                                    .setReason(TaskStatus.Reason.REASON_RECONCILIATION)
                                    .setSource(TaskStatus.Source.SOURCE_MASTER)
                                    .build())));
            return;
        }
        for (Call.Reconcile.Task t : rec.getTasksList()) {
            TaskStatus s = fw.latest.get(t.getTaskId().getValue());
            TaskStatus out = s != null
                    ? s.toBuilder()
                            .clearUuid()
                            .setReason(TaskStatus.Reason.REASON_RECONCILIATION)
                            .setSource(TaskStatus.Source.SOURCE_MASTER)
                            .build()
                    : status(t.getTaskId(), null, TaskState.TASK_LOST)
                            .setReason(TaskStatus.Reason.REASON_RECONCILIATION)
                            .setMessage("Reconciliation: Task is unknown")
                            .build();
            send(fw, update(out));
        }
    }

    private void teardown(Framework fw) {
        LOG.info("framework {} torn down", fw.id.getValue());
        removeFramework(fw);
    }

    private void removeFramework(Framework fw) {
        for (String task : fw.tasks.keySet()) {
            SimulatedMesosAgent agent = agentOf(fw, task);
            if (agent != null) {
                agent.kill(task);
            }
        }
        frameworks.remove(fw.id.getValue());
        removed.put(fw.id.getValue(), fw);
        if (fw.stream != null) {
            fw.stream.close();
        }
    }

    // ---------------------------------------------------------------- updates

    private void agentUpdate(TaskStatus status) {
        synchronized (this) {
            for (Framework fw : frameworks.values()) {
                if (fw.tasks.containsKey(status.getTaskId().getValue())) {
                    fw.latest.put(status.getTaskId().getValue(), status);
                    fw.unacked
                            .computeIfAbsent(status.getTaskId().getValue(), k -> new ArrayDeque<>())
                            .addLast(status);
                    deliverUpdates(fw);
                    return;
                }
            }
        }
    }

    /** Sends each task's oldest unacknowledged update, if not sent within the retry interval. */
    private void deliverUpdates(Framework fw) {
        if (!fw.connected()) {
            return;
        }
        long now = System.nanoTime();
        for (Map.Entry<String, Deque<TaskStatus>> e : fw.unacked.entrySet()) {
            TaskStatus head = e.getValue().peekFirst();
            if (head == null) {
                continue;
            }
            Long last = fw.lastSentNanos.get(e.getKey());
            if (last == null || now - last > TimeUnit.MILLISECONDS.toNanos(options.updateRetryMs)) {
                fw.lastSentNanos.put(e.getKey(), now);
                send(fw, update(head));
            }
        }
    }

    /** An update the master makes itself (invalid offers, unknown tasks, lost agents): no uuid, sent once. */
    private void masterUpdate(
            Framework fw, TaskID task, AgentID agent, TaskState state, TaskStatus.Reason reason, String message) {
        TaskStatus s =
                status(task, agent, state).setReason(reason).setMessage(message).build();
        fw.latest.put(task.getValue(), s);
        send(fw, update(s));
    }

    /** {@code agent}: null for a task the master knows no agent of. */
    private TaskStatus.Builder status(TaskID task, AgentID agent, TaskState state) {
        TaskStatus.Builder b = TaskStatus.newBuilder()
                .setTaskId(task)
                .setState(state)
                .setSource(TaskStatus.Source.SOURCE_MASTER)
                .setTimestamp(System.currentTimeMillis() / 1000.0);
        return agent == null ? b : b.setAgentId(agent);
    }

    private static Event update(TaskStatus s) {
        return Event.newBuilder()
                .setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(s))
                .build();
    }

    private void send(Framework fw, Event event) {
        if (fw.stream != null && !fw.stream.send(event) && fw.disconnectedAtNanos < 0) {
            disconnected(fw);
        }
    }

    private void disconnected(Framework fw) {
        fw.disconnectedAtNanos = System.nanoTime();
        rescindAll(fw);
        LOG.info("framework {} disconnected; failover timeout {} s", fw.id.getValue(), fw.info.getFailoverTimeout());
    }

    static boolean terminal(TaskState s) {
        return switch (s) {
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

    // ---------------------------------------------------------------- allocation

    private synchronized void tick() {
        try {
            long now = System.nanoTime();
            boolean heartbeat = now - lastHeartbeatNanos > (long) (options.heartbeatSeconds * 1e9);
            if (heartbeat) {
                lastHeartbeatNanos = now;
            }
            for (Framework fw : new ArrayList<>(frameworks.values())) {
                if (fw.stream != null && fw.stream.isClosed() && fw.disconnectedAtNanos < 0) {
                    disconnected(fw);
                }
                if (!fw.connected()) {
                    if (fw.disconnectedAtNanos >= 0
                            && now - fw.disconnectedAtNanos > (long) (fw.info.getFailoverTimeout() * 1e9)) {
                        LOG.info("framework {} failover timeout elapsed; removing it", fw.id.getValue());
                        removeFramework(fw);
                    }
                    continue;
                }
                if (heartbeat && !heartbeatsPaused) {
                    send(fw, Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
                }
                expireOffers(fw, now);
                deliverUpdates(fw);
                offer(fw, now);
            }
        } catch (RuntimeException e) {
            LOG.error("simulated master tick failed", e);
        }
    }

    private void expireOffers(Framework fw, long now) {
        if (options.offerTimeoutMs <= 0) {
            return;
        }
        for (Offer o : List.copyOf(fw.offers.values())) {
            long created = Long.parseLong(
                    o.getId().getValue().substring(o.getId().getValue().lastIndexOf('-') + 1));
            if (now - created > TimeUnit.MILLISECONDS.toNanos(options.offerTimeoutMs)) {
                rescind(fw, o);
            }
        }
    }

    /**
     * Offers each agent's free resources that are not already offered to the framework or filtered
     * for it, all in one OFFERS event, as the allocator does in one allocation cycle.
     */
    private void offer(Framework fw, long now) {
        if (fw.suppressed) {
            return;
        }
        Event.Offers.Builder batch = Event.Offers.newBuilder();
        for (SimulatedMesosAgent agent : agents) {
            if (fw.offers.values().stream().anyMatch(o -> o.getAgentId().equals(agent.id))) {
                continue;
            }
            Long until = fw.agentFilterUntilNanos.get(agent.id.getValue());
            if (until != null && now < until) {
                continue;
            }
            List<Resource> free =
                    freeResources(fw.info.getRolesCount() > 0 ? fw.info.getRoles(0) : fw.info.getRole(), agent.id);
            if (free.isEmpty()) {
                continue;
            }
            Offer offer = Offer.newBuilder()
                    .setId(OfferID.newBuilder().setValue("simulated-offer-O" + offerSeq.incrementAndGet() + "-" + now))
                    .setFrameworkId(fw.id)
                    .setAgentId(agent.id)
                    .setHostname(agent.hostname)
                    .setUrl(URL.newBuilder()
                            .setScheme("http")
                            .setPath("/slave(1)")
                            .setAddress(Address.newBuilder()
                                    .setHostname(agent.hostname)
                                    .setIp(agent.hostname)
                                    .setPort(5051)))
                    .addAllResources(free)
                    .build();
            fw.offers.put(offer.getId().getValue(), offer);
            batch.addOffers(offer);
        }
        if (batch.getOffersCount() > 0) {
            send(
                    fw,
                    Event.newBuilder()
                            .setType(Event.Type.OFFERS)
                            .setOffers(batch)
                            .build());
        }
    }

    /** The agent's total minus what live tasks and outstanding offers on it hold; empty when nothing is left. */
    private List<Resource> freeResources(String role, AgentID agent) {
        List<Resource> held = new ArrayList<>();
        for (Framework fw : frameworks.values()) {
            fw.offers.values().stream()
                    .filter(o -> o.getAgentId().equals(agent))
                    .forEach(o -> held.addAll(o.getResourcesList()));
            fw.tasks.forEach((id, t) -> {
                TaskStatus s = fw.latest.get(id);
                if (t.getAgentId().equals(agent) && (s == null || !terminal(s.getState()))) {
                    held.addAll(t.getResourcesList());
                }
            });
        }
        return SimulatedResources.free(options, held, role);
    }

    private void filter(Framework fw, Offer offer, double refuseSeconds) {
        fw.agentFilterUntilNanos.put(offer.getAgentId().getValue(), System.nanoTime() + (long) (refuseSeconds * 1e9));
    }

    private void rescind(Framework fw, Offer o) {
        fw.offers.remove(o.getId().getValue());
        send(
                fw,
                Event.newBuilder()
                        .setType(Event.Type.RESCIND)
                        .setRescind(Event.Rescind.newBuilder().setOfferId(o.getId()))
                        .build());
    }

    private void rescindAll(Framework fw) {
        List.copyOf(fw.offers.values()).forEach(o -> rescind(fw, o));
        fw.offers.clear();
    }

    // ---------------------------------------------------------------- fault injection

    /** Closes every subscription stream, as a network failure would. */
    public synchronized void dropSubscriptions() {
        frameworks.values().stream().filter(f -> f.stream != null).forEach(f -> f.stream.close());
    }

    /** Stops (or resumes) heartbeats while keeping the streams open: a silent partition. */
    public void pauseHeartbeats(boolean paused) {
        heartbeatsPaused = paused;
    }

    /** Sends ERROR to every framework, removes them (as the master does) and closes their streams. */
    public synchronized void sendError(String message) {
        for (Framework fw : List.copyOf(frameworks.values())) {
            send(
                    fw,
                    Event.newBuilder()
                            .setType(Event.Type.ERROR)
                            .setError(Event.Error.newBuilder().setMessage(message))
                            .build());
            removeFramework(fw);
        }
    }

    /** Makes this master a non-leader that redirects (307) to {@code leader}; null: leading again. */
    public void redirectTo(URI leader) {
        this.leader = leader;
    }

    /** The next {@code n} requests to /api/v1/scheduler are answered 503. */
    public void answerUnavailable(int n) {
        unavailable = n;
    }

    /** Rescinds every outstanding offer. */
    public synchronized void rescindOffers() {
        frameworks.values().forEach(this::rescindAll);
    }

    /** Kills a task's process from outside (SIGKILL), as the OOM killer or an operator would. */
    public boolean killTaskProcess(String taskId) {
        List<SimulatedMesosAgent> all;
        synchronized (this) {
            all = List.copyOf(agents);
        }
        return all.stream().anyMatch(a -> a.killProcessFromOutside(taskId));
    }

    /** Loses the first agent (see {@link #loseAgent(String)}). */
    public synchronized void loseAgent() {
        loseAgent(agents.get(0).hostname);
    }

    /**
     * The agent on {@code hostname} is lost: its tasks die, each framework gets TASK_LOST for them
     * and a FAILURE; an agent on the same host registers again with a new id, as one whose state is
     * gone does. Other agents and their tasks are untouched.
     */
    public synchronized void loseAgent(String hostname) {
        int slot = -1;
        for (int i = 0; i < agents.size(); i++) {
            if (agents.get(i).hostname.equals(hostname)) {
                slot = i;
            }
        }
        if (slot < 0) {
            throw new IllegalArgumentException("no agent on " + hostname + " (agents: " + agentHostnames() + ")");
        }
        SimulatedMesosAgent lost = agents.get(slot);
        lost.lose();
        agents.set(slot, newAgent(hostname));
        for (Framework fw : frameworks.values()) {
            for (Offer o : List.copyOf(fw.offers.values())) {
                if (o.getAgentId().equals(lost.id)) {
                    rescind(fw, o);
                }
            }
            for (String task : List.copyOf(fw.tasks.keySet())) {
                TaskStatus s = fw.latest.get(task);
                if (fw.tasks.get(task).getAgentId().equals(lost.id) && s != null && !terminal(s.getState())) {
                    fw.unacked.remove(task);
                    TaskStatus st = TaskStatus.newBuilder()
                            .setTaskId(TaskID.newBuilder().setValue(task))
                            .setState(TaskState.TASK_LOST)
                            .setAgentId(lost.id)
                            .setSource(TaskStatus.Source.SOURCE_MASTER)
                            .setReason(TaskStatus.Reason.REASON_AGENT_REMOVED)
                            .setMessage("Agent removed: lost")
                            .setTimestamp(System.currentTimeMillis() / 1000.0)
                            .build();
                    fw.latest.put(task, st);
                    send(fw, update(st));
                }
            }
            fw.agentFilterUntilNanos.remove(lost.id.getValue());
            send(
                    fw,
                    Event.newBuilder()
                            .setType(Event.Type.FAILURE)
                            .setFailure(Event.Failure.newBuilder().setAgentId(lost.id))
                            .build());
        }
    }

    // ---------------------------------------------------------------- inspection

    /** Every call type received, in order. */
    public List<Call.Type> calls() {
        return List.copyOf(calls);
    }

    public int subscriptions() {
        return subscriptions.get();
    }

    public synchronized List<String> frameworkIds() {
        return List.copyOf(frameworks.keySet());
    }

    public synchronized boolean removed(String frameworkId) {
        return removed.containsKey(frameworkId);
    }

    /** The latest state of every task the master knows, by task id. */
    public synchronized Map<String, TaskState> taskStates() {
        Map<String, TaskState> out = new LinkedHashMap<>();
        frameworks.values().forEach(f -> f.latest.forEach((k, v) -> out.put(k, v.getState())));
        removed.values().forEach(f -> f.latest.forEach((k, v) -> out.putIfAbsent(k, v.getState())));
        return out;
    }

    /** The message of the latest status of every task the master knows (empty if none), by task id. */
    public synchronized Map<String, String> taskMessages() {
        Map<String, String> out = new LinkedHashMap<>();
        frameworks.values().forEach(f -> f.latest.forEach((k, v) -> out.put(k, v.getMessage())));
        removed.values().forEach(f -> f.latest.forEach((k, v) -> out.putIfAbsent(k, v.getMessage())));
        return out;
    }

    /** The ports each launched task was given (its "ports" resources), by task id. */
    public synchronized Map<String, List<Long>> taskPorts() {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (Framework f : frameworks.values()) {
            f.tasks.forEach((id, task) -> {
                List<Long> ports = new java.util.ArrayList<>();
                task.getResourcesList().stream()
                        .filter(r -> r.getName().equals("ports"))
                        .forEach(r -> r.getRanges().getRangeList().forEach(g -> {
                            for (long p = g.getBegin(); p <= g.getEnd(); p++) {
                                ports.add(p);
                            }
                        }));
                out.put(id, ports);
            });
        }
        return out;
    }

    /** Task ids whose process is alive on an agent. */
    public List<String> liveProcesses() {
        List<SimulatedMesosAgent> all;
        synchronized (this) {
            all = List.copyOf(agents);
        }
        return all.stream()
                .flatMap(a -> a.taskIds().stream().filter(a::hasProcess))
                .toList();
    }

    /** The hostnames of the registered agents, in the order of {@link Options#agentHosts}. */
    public synchronized List<String> agentHostnames() {
        return agents.stream().map(a -> a.hostname).toList();
    }

    /** The hostname of the agent each launched task was launched on, by task id. */
    public synchronized Map<String, String> taskHosts() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Framework f : frameworks.values()) {
            f.tasks.forEach((id, task) ->
                    out.put(id, agentHostnames.get(task.getAgentId().getValue())));
        }
        return out;
    }

    public synchronized int outstandingOffers() {
        return frameworks.values().stream().mapToInt(f -> f.offers.size()).sum();
    }

    public synchronized boolean suppressed(String frameworkId) {
        Framework fw = frameworks.get(frameworkId);
        return fw != null && fw.suppressed;
    }

    /** Unused: keeps the unused-uuid helper honest for tests that forge acknowledgements. */
    static ByteString uuidBytes(UUID u) {
        return ByteString.copyFrom(java.nio.ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits())
                .array());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            frameworks.values().stream().filter(f -> f.stream != null).forEach(f -> f.stream.close());
        }
        List<SimulatedMesosAgent> all;
        synchronized (this) {
            all = List.copyOf(agents);
        }
        all.forEach(SimulatedMesosAgent::shutdown);
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
