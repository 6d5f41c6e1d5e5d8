package org.egret.instance;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.storm.Config;
import org.apache.storm.Constants;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.metrics2.StormMetricRegistry;
import org.apache.storm.spout.ISpout;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.IBolt;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.task.WorkerTopologyContext;
import org.apache.storm.tuple.TupleImpl;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.ObjectReader;
import org.egret.instance.metrics.MetricsConsumerFeed;
import org.egret.proto.AckBatch;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.TopologyState;
import org.egret.storm.serialization.TupleValuesWriter;
import org.egret.storm.translate.StormComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one Storm spout or bolt on the task thread: lifecycle, input, ticks, flushing, metrics. */
final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private static final int SPOUT_BURST = 16;
    private static final long ACK_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /** Thrown when a new plan moves tasks between components: the instance must restart. */
    public static final class LayoutChangedException extends RuntimeException {
        LayoutChangedException(String m) {
            super(m);
        }
    }

    /** Where the task's environment lives. */
    public record Env(
            String stormId,
            String host,
            String codeDir,
            String pidDir,
            int workerPort,
            int batchTuples,
            int flushMs,
            long metricsIntervalMs,
            int receiveBytes,
            int spoutMaxPending) {}

    private final StormTopology topology;
    private final Map<String, Object> conf;
    private final Map<String, Object> componentConf;
    private final int taskId;
    private final Env env;
    private final Gateway gateway;
    private final Object task;
    private final boolean spout;
    private final TaskMetrics metrics = new TaskMetrics();
    private final Map<Integer, Map<Integer, Map<String, IMetric>>> registeredMetrics = new HashMap<>();
    private final StormMetricRegistry metricRegistry = new StormMetricRegistry();
    private final AtomicBoolean openOrPrepareWasCalled = new AtomicBoolean(false);
    /** A bolt's input; null for a spout. */
    private BoltInput input;

    private final TupleOutbox outbox;
    private final TaskConnection connection;
    private final AckOutbox ackOutbox;
    private final boolean acking;
    private final long messageTimeoutNanos;
    private final Emitter emitter;
    private final TopologyContext userContext;
    private final TaskHooks hooks;
    private final OffThreadCalls offThread;
    private final TaskMetricsReporter reporter;
    private volatile boolean running = true;
    private PhysicalPlan plan;
    private PlanView view;
    private WorkerTopologyContext workerContext;
    private boolean active;
    private final int sampleEvery;
    private int untilSample = 1;

    public TaskRunner(
            StormTopology topology, Map<String, Object> conf, PhysicalPlan plan, int taskId, Env env, Gateway gateway) {
        this.topology = topology;
        this.conf = conf;
        this.taskId = taskId;
        this.env = env;
        this.gateway = gateway;
        this.plan = plan;
        this.view = PlanView.of(plan, topology, taskId);
        String component = view.component();
        this.spout = StormComponents.isSpout(topology, component);
        this.componentConf = ComponentFactory.componentConf(
                conf, StormComponents.commons(topology).get(component));
        this.workerContext = StormContexts.worker(
                topology, conf, view, env.stormId(), env.host(), env.codeDir(), env.pidDir(), env.workerPort());
        this.userContext = StormContexts.task(
                topology,
                conf,
                view,
                env.stormId(),
                env.codeDir(),
                env.pidDir(),
                env.workerPort(),
                registeredMetrics,
                openOrPrepareWasCalled,
                metricRegistry);
        this.connection = new TaskConnection(gateway, env.receiveBytes(), spout);
        this.offThread = new OffThreadCalls(connection::wakeup);
        this.hooks = TaskHooks.of(userContext, taskId);
        this.ackOutbox = new AckOutbox(env.batchTuples(), connection);
        this.outbox = new TupleOutbox(
                batchTuples(env.batchTuples(), componentConf, conf, spout), env.flushMs(), new TupleOutbox.Sink() {
                    @Override
                    public void accept(ByteBuf frame) throws InterruptedException {
                        // acks first: a tuple's INIT then never trails the tuple by a whole flush period
                        ackOutbox.handOver();
                        connection.accept(frame);
                    }

                    @Override
                    public void flushed() throws InterruptedException {
                        connection.flush();
                    }

                    @Override
                    public boolean doneWithFramesWhenFlushed() {
                        return connection.doneWithFramesWhenFlushed();
                    }
                });
        this.acking = ackingEnabled(conf);
        this.sampleEvery = sampleEvery(componentConf);
        this.messageTimeoutNanos = TimeUnit.SECONDS.toNanos(
                Math.max(1, ObjectReader.getInt(componentConf.get(Config.TOPOLOGY_MESSAGE_TIMEOUT_SECS), 30)));
        this.emitter = new Emitter(taskId, routers(workerContext), new TupleValuesWriter(conf), outbox, metrics, hooks);
        this.task = ComponentFactory.create(topology, component);
        this.reporter = new TaskMetricsReporter(
                        component,
                        taskId,
                        metrics,
                        registeredMetrics,
                        metricRegistry,
                        env.metricsIntervalMs(),
                        gateway::sendMetrics)
                .withGauges(() -> Map.of("batches-lost-on-send", connection.lost()))
                .withConsumers(MetricsConsumerFeed.of(
                        userContext,
                        componentConf,
                        env.host(),
                        metricRegistry,
                        (stream, values) -> emitter.emit(stream, values, null, null)));
    }

    /** Makes routers for {@code context}'s layout: one for the task thread, one for emits on other threads. */
    private Supplier<Router> routers(WorkerTopologyContext context) {
        String component = view.component();
        return () -> new Router(context, component, taskId, conf);
    }

    public void stop() {
        running = false;
    }

    /** Runs until {@link #stop()}; user exceptions propagate (Storm kills the worker on them too). */
    public void run() throws InterruptedException {
        try {
            Files.createDirectories(Path.of(env.pidDir()));
        } catch (IOException e) {
            LOG.warn("cannot create pid dir {}", env.pidDir(), e);
        }
        offThread.bindTaskThread();
        hooks.addConfigured(conf);
        try {
            if (spout) {
                runSpout((ISpout) task);
            } else {
                runBolt((IBolt) task);
            }
        } finally {
            hooks.cleanup();
            connection.close();
        }
    }

    /**
     * A spout capped by topology.max.spout.pending sends in batches of at most a quarter of the cap, so
     * bolts start on the first tuples while the spout emits the rest: one batch of the whole window
     * would make every round trip wait for it.
     */
    static int batchTuples(int configured, Map<String, Object> componentConf, Map<String, Object> conf, boolean spout) {
        Integer maxPending = ObjectReader.getInt(componentConf.get(Config.TOPOLOGY_MAX_SPOUT_PENDING), null);
        if (!spout || !ackingEnabled(conf) || maxPending == null || maxPending <= 0) {
            return configured;
        }
        return Math.max(1, Math.min(configured, maxPending / 4));
    }

    /**
     * The tracked tuples a spout may have pending before it stops calling nextTuple:
     * topology.max.spout.pending (it counts only tracked tuples) when set, else Egret's cap, so that
     * neither the spout's pending map nor its stream manager's trees grow without bound.
     */
    static int spoutWindow(Integer maxSpoutPending, int cap) {
        return maxSpoutPending != null && maxSpoutPending > 0 ? maxSpoutPending : cap;
    }

    /** One execute in this many is timed: Storm's topology.stats.sample.rate (default 0.05: one in 20). */
    static int sampleEvery(Map<String, Object> componentConf) {
        Object rate = componentConf.get(Config.TOPOLOGY_STATS_SAMPLE_RATE);
        double r = rate instanceof Number n ? n.doubleValue() : 0.05;
        if (r <= 0) {
            return Integer.MAX_VALUE;
        }
        return r >= 1 ? 1 : (int) Math.max(1, Math.round(1 / r));
    }

    /** Storm's switch: topology.acker.executors absent or null means on; only an explicit 0 turns acking off. */
    static boolean ackingEnabled(Map<String, Object> conf) {
        Object ackers = conf.get(Config.TOPOLOGY_ACKER_EXECUTORS);
        return ackers == null || ObjectReader.getInt(ackers) != 0;
    }

    private void runSpout(ISpout s) throws InterruptedException {
        ReliableAckTracker reliable = acking ? new ReliableAckTracker(taskId, ackOutbox, metrics, s, hooks) : null;
        AckTracker tracker = acking
                ? reliable
                : new AckTracker.AtMostOnce(id -> {
                    metrics.inc("acked");
                    s.ack(id);
                    hooks.spoutAcked(id, TaskHooks.NO_LATENCY);
                });
        Integer maxPending = ObjectReader.getInt(componentConf.get(Config.TOPOLOGY_MAX_SPOUT_PENDING), null);
        long nextExpiry = System.nanoTime() + messageTimeoutNanos;
        int smLosses = gateway.streamManagerLosses();
        LOG.info(
                "opening spout {} task {} (acking {}, max pending {})",
                view.component(),
                taskId,
                acking ? "on" : "off",
                acking ? spoutWindow(maxPending, env.spoutMaxPending()) : "none");
        s.open(componentConf, userContext, new SpoutOutputCollector(new SpoutCollector(emitter, tracker, offThread)));
        openOrPrepareWasCalled.set(true);
        long sleepNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(
                1, ObjectReader.getInt(componentConf.get(Config.TOPOLOGY_SLEEP_SPOUT_WAIT_STRATEGY_TIME_MS), 1)));
        TaskConnection.Receiver receiver = new TaskConnection.Receiver() {
            @Override
            public void batch(byte[] buf, int offset, int length) {
                metrics.inc("unexpected-input-batches"); // spouts have no input streams
            }

            @Override
            public void acks(AckBatch batch) {
                if (reliable != null) {
                    reliable.onBatch(batch);
                }
            }
        };
        // Without acking a spout is sent nothing; with it, acks are looked for often enough to keep its
        // window moving, not on every turn (each look is a system call)
        long receiveEvery = reliable != null ? ACK_POLL_NANOS : TimeUnit.MILLISECONDS.toNanos(10);
        long lastReceive = 0;
        int window = reliable != null ? spoutWindow(maxPending, env.spoutMaxPending()) : 0;
        try {
            applyState(s);
            while (running) {
                offThread.runPending();
                checkPlan(s);
                long now = System.nanoTime();
                if (now - lastReceive >= receiveEvery) {
                    connection.receive(0, receiver);
                    lastReceive = now;
                }
                if (reliable != null) {
                    if (gateway.streamManagerLosses() != smLosses) {
                        smLosses = gateway.streamManagerLosses();
                        LOG.warn(
                                "spout task {}: its stream manager restarted; failing {} pending tuples for replay",
                                taskId,
                                reliable.pending());
                        reliable.failAll();
                    }
                    if (now >= nextExpiry) {
                        nextExpiry = now + messageTimeoutNanos;
                        reliable.expire();
                    }
                }
                long waitNanos = -1; // how long to wait for acks (or for anything) at the end of this turn
                if (active && window > 0 && reliable.pending() >= window) {
                    outbox.flush();
                    // Woken by the next acks rather than a fixed sleep: with max pending reached, the time to
                    // the next ack is what limits throughput (pending / round trip).
                    waitNanos = TimeUnit.MILLISECONDS.toNanos(1);
                } else if (active) {
                    // A few nextTuple calls per turn of the loop: its bookkeeping (plan, acks, timers) would
                    // otherwise cost as much as a cheap spout's emit
                    boolean emitted = false;
                    for (int i = 0; i < SPOUT_BURST; i++) {
                        long before = metrics.emittedTotal();
                        s.nextTuple();
                        if (metrics.emittedTotal() == before) {
                            break;
                        }
                        emitted = true;
                        if (window > 0 && reliable.pending() >= window) {
                            break;
                        }
                    }
                    if (!emitted) {
                        outbox.flush();
                        // Storm's sleep wait strategy, cut short by acks (they may be what the spout waits for)
                        waitNanos = sleepNanos;
                    }
                } else {
                    outbox.flush();
                    waitNanos = TimeUnit.MILLISECONDS.toNanos(10);
                }
                if (waitNanos >= 0) {
                    connection.receive(waitNanos, receiver);
                    lastReceive = System.nanoTime();
                }
                housekeeping();
            }
        } finally {
            outbox.flush();
            if (active) {
                s.deactivate();
            }
            LOG.info("closing spout {} task {}", view.component(), taskId);
            s.close();
        }
    }

    private void runBolt(IBolt b) throws InterruptedException {
        LOG.info("preparing bolt {} task {}", view.component(), taskId);
        ReliableAckTracker reliable = acking ? new ReliableAckTracker(taskId, ackOutbox, metrics, null, hooks) : null;
        input = new BoltInput(taskId, conf, metrics, reliable);
        input.layout(workerContext, view.taskToComponent());
        b.prepare(
                componentConf,
                userContext,
                new OutputCollector(new BoltCollector(
                        emitter, acking ? reliable : new AckTracker.AtMostOnce(null), offThread, hooks)));
        openOrPrepareWasCalled.set(true);
        Integer tickSecs = ObjectReader.getInt(componentConf.get(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS), null);
        long tickNanos = tickSecs != null && tickSecs > 0 ? TimeUnit.SECONDS.toNanos(tickSecs) : 0;
        long nextTick = tickNanos > 0 ? System.nanoTime() + tickNanos : Long.MAX_VALUE;
        // made once: a lambda per batch would allocate on the input path
        BoltInput.Execute run = (tuple, src, stream) -> execute(b, tuple, src, stream);
        TaskConnection.Receiver receiver = new TaskConnection.Receiver() {
            @Override
            public void batch(byte[] buf, int offset, int length) {
                input.batch(buf, offset, length, run);
                if (outbox.pending() == 0) {
                    // the acks of this batch go now, not after the batches behind it: the spout waits for
                    // them (pending / round trip)
                    ackOutbox.flush();
                }
            }

            @Override
            public void acks(AckBatch batch) {
                metrics.inc("unexpected-ack-batches"); // acking decisions are for spouts
            }
        };
        try {
            while (running) {
                offThread.runPending();
                checkPlan(null);
                long now = System.nanoTime();
                long waitNanos = Math.min(
                        TimeUnit.MILLISECONDS.toNanos(10),
                        Math.min(outbox.nanosUntilDue(now), Math.max(0, nextTick - now)));
                connection.receive(waitNanos, receiver);
                if (tickNanos > 0 && System.nanoTime() >= nextTick) {
                    nextTick = System.nanoTime() + tickNanos;
                    TupleImpl tick = new TupleImpl(
                            workerContext,
                            new Values(tickSecs),
                            Constants.SYSTEM_COMPONENT_ID,
                            (int) Constants.SYSTEM_TASK_ID,
                            Constants.SYSTEM_TICK_STREAM_ID);
                    b.execute(tick);
                    hooks.boltExecuted(tick, -1);
                }
                housekeeping();
            }
        } finally {
            outbox.flush();
            ackOutbox.flush();
            LOG.info("cleaning up bolt {} task {}", view.component(), taskId);
            b.cleanup();
        }
    }

    private void execute(IBolt b, TupleImpl tuple, String src, String stream) {
        // Like Storm, time only a sample of executes (topology.stats.sample.rate): two clock reads per
        // tuple cost more than many a bolt's execute
        if (--untilSample == 0) {
            untilSample = sampleEvery;
            long start = System.nanoTime();
            b.execute(tuple);
            long latency = System.nanoTime() - start;
            metrics.latency("execute-latency", latency);
            hooks.boltExecuted(tuple, latency);
        } else {
            b.execute(tuple);
            hooks.boltExecuted(tuple, -1);
        }
        metrics.executed(src, stream);
    }

    private void housekeeping() {
        long now = System.nanoTime();
        if (outbox.pending() == 0 || outbox.nanosUntilDue(now) == 0) {
            ackOutbox.flush();
        }
        outbox.flushIfDue(now);
        reporter.tick(System.currentTimeMillis());
    }

    private void applyState(ISpout s) {
        boolean shouldRun = plan.getTopology().getState() == TopologyState.RUNNING;
        if (shouldRun && !active) {
            LOG.info("activating spout {} task {}", view.component(), taskId);
            s.activate();
            active = true;
        } else if (!shouldRun && active) {
            LOG.info("deactivating spout {} task {}", view.component(), taskId);
            outbox.flush();
            s.deactivate();
            active = false;
        }
    }

    private void checkPlan(ISpout s) {
        PhysicalPlan p = gateway.pollPlan();
        if (p == null) {
            return;
        }
        if (p.getVersion() < plan.getVersion()) {
            LOG.info("ignoring physical plan version {} (have {})", p.getVersion(), plan.getVersion());
            return;
        }
        if (p.getInstancesList().stream().noneMatch(i -> i.getTaskId() == taskId)) {
            // An update removed this task; its executor stops this instance. Until then it keeps its routes.
            LOG.info("task {} is not in physical plan version {}; waiting to be stopped", taskId, p.getVersion());
            return;
        }
        PlanView v = PlanView.of(p, topology, taskId);
        if (!v.component().equals(view.component())) {
            throw new LayoutChangedException("physical plan version " + p.getVersion() + " makes task " + taskId + " a "
                    + v.component() + "; the instance restarts");
        }
        if (!v.sameTasks(view) || !v.containerTasks().equals(view.containerTasks())) {
            // An update changed the tasks of some component: groupings choose among the new tasks from now
            // on (a fields grouping sends each key to one task of the new set). The TopologyContext the
            // user code was given at open/prepare keeps the layout it was started with, as in Storm.
            LOG.info("physical plan version {} changes the task layout; rebuilding routes", p.getVersion());
            workerContext = StormContexts.worker(
                    topology, conf, v, env.stormId(), env.host(), env.codeDir(), env.pidDir(), env.workerPort());
            emitter.setRouters(routers(workerContext));
        }
        plan = p;
        view = v;
        if (input != null) {
            input.layout(workerContext, v.taskToComponent());
        }
        if (s != null) {
            applyState(s);
        }
    }
}
