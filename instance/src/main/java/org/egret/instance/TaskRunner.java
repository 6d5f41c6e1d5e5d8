package org.egret.instance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.storm.Config;
import org.apache.storm.Constants;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.serialization.KryoValuesDeserializer;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.apache.storm.spout.ISpout;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.IBolt;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.task.WorkerTopologyContext;
import org.apache.storm.tuple.MessageId;
import org.apache.storm.tuple.TupleImpl;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.ObjectReader;
import org.egret.proto.DataTuple;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.TopologyState;
import org.egret.proto.TupleBatch;
import org.egret.storm.translate.StormComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one Storm spout or bolt on the task thread: lifecycle, input, ticks, flushing, metrics. */
public final class TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

  /** Thrown when a new plan moves tasks between components: the instance must restart. */
  public static final class LayoutChangedException extends RuntimeException {
    LayoutChangedException(String m) {
      super(m);
    }
  }

  /** Where the task's environment lives. */
  public record Env(String stormId, String codeDir, String pidDir, int workerPort, int batchTuples, int flushMs,
      long metricsIntervalMs) {
  }

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
  private final AtomicBoolean openOrPrepareWasCalled = new AtomicBoolean(false);
  private final KryoValuesDeserializer deserializer;
  private final Outbox outbox;
  private final Emitter emitter;
  private final TopologyContext userContext;
  private final MetricsReporter reporter;
  private volatile boolean running = true;
  private PhysicalPlan plan;
  private PlanView view;
  private WorkerTopologyContext workerContext;
  private boolean active;

  public TaskRunner(StormTopology topology, Map<String, Object> conf, PhysicalPlan plan, int taskId, Env env,
      Gateway gateway) {
    this.topology = topology;
    this.conf = conf;
    this.taskId = taskId;
    this.env = env;
    this.gateway = gateway;
    this.plan = plan;
    this.view = PlanView.of(plan, topology, taskId);
    String component = view.component();
    this.spout = StormComponents.isSpout(topology, component);
    this.componentConf = ComponentFactory.componentConf(conf,
        StormComponents.commons(topology).get(component));
    this.workerContext = StormContexts.worker(topology, conf, view, env.stormId(), env.codeDir(), env.pidDir(),
        env.workerPort());
    this.userContext = StormContexts.task(topology, conf, view, env.stormId(), env.codeDir(), env.pidDir(),
        env.workerPort(), registeredMetrics, openOrPrepareWasCalled);
    this.deserializer = new KryoValuesDeserializer(conf);
    this.outbox = new Outbox(env.batchTuples(), env.flushMs(), gateway::send);
    this.emitter = new Emitter(taskId, new Router(workerContext, component, taskId, conf),
        new KryoValuesSerializer(conf), outbox, metrics);
    this.task = ComponentFactory.create(topology, component);
    this.reporter = new MetricsReporter(component, taskId, metrics, registeredMetrics, env.metricsIntervalMs(),
        gateway::sendMetrics);
  }

  public void stop() {
    running = false;
  }

  /** Runs until {@link #stop()}; user exceptions propagate (Storm kills the worker on them too). */
  public void run() throws InterruptedException {
    try {
      Files.createDirectories(Path.of(env.pidDir()));
    } catch (java.io.IOException e) {
      LOG.warn("cannot create pid dir {}", env.pidDir(), e);
    }
    if (spout) {
      runSpout((ISpout) task);
    } else {
      runBolt((IBolt) task);
    }
  }

  private void runSpout(ISpout s) {
    AckTracker tracker = new AckTracker.AtMostOnce(s::ack);
    LOG.info("opening spout {} task {}", view.component(), taskId);
    s.open(componentConf, userContext, new SpoutOutputCollector(new SpoutCollector(emitter, tracker)));
    openOrPrepareWasCalled.set(true);
    long sleepNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1,
        ObjectReader.getInt(componentConf.get(Config.TOPOLOGY_SLEEP_SPOUT_WAIT_STRATEGY_TIME_MS), 1)));
    List<TupleBatch> drained = new ArrayList<>();
    try {
      applyState(s);
      while (running) {
        checkPlan(s);
        drained.clear();
        gateway.inbound().drainTo(drained); // nothing flows into spouts until acking exists
        if (active) {
          long before = metrics.get("emitted");
          s.nextTuple();
          if (metrics.get("emitted") == before) {
            outbox.flush();
            LockSupport.parkNanos(sleepNanos);
          }
        } else {
          outbox.flush();
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
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
    b.prepare(componentConf, userContext, new OutputCollector(new BoltCollector(emitter,
        new AckTracker.AtMostOnce(null))));
    openOrPrepareWasCalled.set(true);
    Integer tickSecs = ObjectReader.getInt(componentConf.get(Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS), null);
    long tickNanos = tickSecs != null && tickSecs > 0 ? TimeUnit.SECONDS.toNanos(tickSecs) : 0;
    long nextTick = tickNanos > 0 ? System.nanoTime() + tickNanos : Long.MAX_VALUE;
    BlockingQueue<TupleBatch> in = gateway.inbound();
    List<TupleBatch> drained = new ArrayList<>();
    try {
      while (running) {
        checkPlan(null);
        long now = System.nanoTime();
        long waitNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(10),
            Math.min(outbox.nanosUntilDue(now), Math.max(0, nextTick - now)));
        TupleBatch first = in.poll(waitNanos, TimeUnit.NANOSECONDS);
        if (first != null) {
          drained.clear();
          drained.add(first);
          in.drainTo(drained);
          for (TupleBatch batch : drained) {
            for (DataTuple t : batch.getTuplesList()) {
              execute(b, t);
            }
          }
        }
        if (tickNanos > 0 && System.nanoTime() >= nextTick) {
          nextTick = System.nanoTime() + tickNanos;
          b.execute(new TupleImpl(workerContext, new Values(tickSecs), Constants.SYSTEM_COMPONENT_ID,
              (int) Constants.SYSTEM_TASK_ID, Constants.SYSTEM_TICK_STREAM_ID));
        }
        housekeeping();
      }
    } finally {
      outbox.flush();
      LOG.info("cleaning up bolt {} task {}", view.component(), taskId);
      b.cleanup();
    }
  }

  private void execute(IBolt b, DataTuple t) {
    List<Object> values = deserializer.deserialize(t.getValues().toByteArray());
    String src = view.taskToComponent().get(t.getSourceTask());
    if (src == null) {
      LOG.warn("dropping a tuple from unknown task {}", t.getSourceTask());
      return;
    }
    b.execute(new TupleImpl(workerContext, values, src, t.getSourceTask(), t.getStream(),
        MessageId.makeUnanchored()));
    metrics.executed(src, t.getStream());
  }

  private void housekeeping() {
    outbox.flushIfDue(System.nanoTime());
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
    PlanView v = PlanView.of(p, topology, taskId);
    if (!v.sameTasks(view)) {
      throw new LayoutChangedException("physical plan version " + p.getVersion()
          + " assigns tasks differently; the instance restarts");
    }
    if (!v.containerTasks().equals(view.containerTasks())) {
      workerContext = StormContexts.worker(topology, conf, v, env.stormId(), env.codeDir(), env.pidDir(),
          env.workerPort());
      emitter.setRouter(new Router(workerContext, v.component(), taskId, conf));
    }
    plan = p;
    view = v;
    if (s != null) {
      applyState(s);
    }
  }
}
