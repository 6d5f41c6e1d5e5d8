package org.egret.executor;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.egret.config.CommonKeys;
import org.egret.config.EgretConfig;
import org.egret.config.InstanceKeys;
import org.egret.metricsmgr.MetricsManager;
import org.egret.metricsmgr.MetricsMgrKeys;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.runtime.JavaCommand;
import org.egret.runtime.ProcessOptions;
import org.egret.runtime.Supervisor;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.tmaster.TopologyMasterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one container, their command lines, and the supervisor that keeps them up; also
 * the servers that run inside the executor (the Metrics Manager, and in container 0 the Topology
 * Master). The
 * container's instances follow the packing plan: an update that adds tasks here starts their instances
 * (seen through a state-manager watch); one that removes tasks stops their instances once the Topology
 * Master has published a physical plan without them (a second watch).
 */
final class ContainerProcesses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerProcesses.class);

    static final String STMGR_MAIN = "org.egret.stmgr.StreamManagerMain";
    static final String INSTANCE_MAIN = "org.egret.instance.InstanceMain";

    private final ProcessOptions opts;
    private final EgretConfig config;
    private final StateManager state;
    private final Path egretHome;
    /** Where every process of the container logs (on YARN the container's log directory). */
    private final Path logDir;

    private final Supervisor supervisor;
    /** Instances running here, by task id; touched only on {@link #planThread} after start. */
    private final Map<Integer, String> instances = new TreeMap<>();
    /** Instances the packing plan took away that still run; touched only on {@link #planThread}. */
    private final LeavingInstances leaving = new LeavingInstances();

    private final ExecutorService planThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "plan-follower");
        t.setDaemon(true);
        return t;
    });
    private MetricsManager metricsManager;
    private TopologyMasterService topologyMaster;
    private StateManager.Watch planWatch;
    private StateManager.Watch physicalWatch;
    private List<String> taskOpts;

    ContainerProcesses(ProcessOptions opts, EgretConfig config, StateManager state) {
        this.opts = opts;
        this.config = config;
        this.state = state;
        this.egretHome = Path.of(System.getProperty("egret.home", "."));
        this.logDir = opts.dirs().logs(config);
        this.supervisor = new Supervisor(
                new Supervisor.Policy(
                        config.get(ExecutorKeys.RESTART_BACKOFF_MS), config.get(ExecutorKeys.RESTART_BACKOFF_MAX_MS),
                        config.get(ExecutorKeys.MAX_RESTARTS), config.get(ExecutorKeys.STABLE_AFTER_MS)),
                Supervisor.OutputCap.of(config));
    }

    /**
     * Starts the container's processes; {@code onGiveUp} is told the process and why (on the thread
     * that saw it) when one of them is given up after {@code egret.executor.max.restarts}, or the
     * Topology Master this executor runs cannot start.
     */
    void start(BiConsumer<String, String> onGiveUp) throws IOException, InterruptedException {
        supervisor.onGiveUp(exit -> onGiveUp.accept(
                exit.name(),
                "exited with code " + exit.exitCode() + " after " + exit.restartsInARow() + " restarts in a row ("
                        + ExecutorKeys.MAX_RESTARTS.name() + ")"));
        // a replaced container (a restarted executor in the same directory) starts from nothing stale
        opts.dirs().clearRunState();
        // before the processes that report to it, so its address is there when they look
        EgretConfig mmConfig = granted(2) != 0 ? config.with(MetricsMgrKeys.PROMETHEUS_PORT, granted(2)) : config;
        metricsManager = MetricsManager.start(opts, mmConfig, granted(1));
        if (opts.container() == 0) {
            topologyMaster = TopologyMasterService.start(
                    opts, config, granted(0), e -> onGiveUp.accept("tmaster", "could not start: " + e.getMessage()));
            return;
        }
        ContainerPlan mine = awaitContainerPlan();
        supervisor.start(system(
                "stmgr-" + opts.container(),
                "stmgr",
                STMGR_MAIN,
                config.get(ExecutorKeys.STMGR_HEAP_MB),
                config.get(ExecutorKeys.STMGR_JVM_OPTS),
                List.of("--port", Integer.toString(granted(0)))));
        taskOpts = taskJvmOpts();
        for (InstancePlan instance : mine.getInstancesList()) {
            startInstance(instance);
        }
        planWatch = state.watch(
                StateKind.PACKING_PLANS,
                opts.topology(),
                PackingPlan.parser(),
                p -> p.ifPresent(plan -> planThread.execute(() -> follow(plan))));
        physicalWatch = state.watch(
                StateKind.PHYSICAL_PLANS,
                opts.topology(),
                PhysicalPlan.parser(),
                p -> p.ifPresent(plan -> planThread.execute(() -> stop(leaving.published(plan)))));
    }

    /**
     * This container's part of the packing plan. A container added by an update is started before the
     * plan that names it is written, so it waits for that (and is stopped if the update is rolled back).
     */
    private ContainerPlan awaitContainerPlan() {
        CompletableFuture<ContainerPlan> found = new CompletableFuture<>();
        try (StateManager.Watch w = state.watch(
                StateKind.PACKING_PLANS,
                opts.topology(),
                PackingPlan.parser(),
                p -> p.flatMap(this::mine).ifPresent(found::complete))) {
            long waitMs = config.get(ExecutorKeys.PLAN_WAIT_MS);
            if (!found.isDone()) {
                LOG.info("waiting up to {} ms for the packing plan to name container {}", waitMs, opts.container());
            }
            return found.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "container " + opts.container() + " is not in the packing plan of " + opts.topology());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the packing plan");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private Optional<ContainerPlan> mine(PackingPlan plan) {
        return plan.getContainersList().stream()
                .filter(c -> c.getId() == opts.container())
                .findFirst();
    }

    /** Starts the instances a new plan adds to this container and stops those it takes away. */
    private void follow(PackingPlan plan) {
        Optional<ContainerPlan> c = mine(plan);
        if (c.isEmpty()) {
            LOG.info("container {} is not in the new packing plan; its scheduler stops it", opts.container());
            return;
        }
        Map<Integer, InstancePlan> wanted = new TreeMap<>();
        c.get().getInstancesList().forEach(i -> wanted.put(i.getTaskId(), i));
        for (Integer task : List.copyOf(instances.keySet())) {
            if (!wanted.containsKey(task)) {
                String name = instances.remove(task);
                LOG.info(
                        "task {} left container {}: {} stops once a physical plan without it is published",
                        task,
                        opts.container(),
                        name);
                stop(leaving.leave(task, name));
            }
        }
        for (InstancePlan i : wanted.values()) {
            String stays = leaving.stay(i.getTaskId());
            if (stays != null) {
                LOG.info(
                        "task {} is back in container {} before it left: {} keeps running",
                        i.getTaskId(),
                        opts.container(),
                        stays);
                instances.put(i.getTaskId(), stays);
            } else if (!instances.containsKey(i.getTaskId())) {
                LOG.info("task {} ({}) joined container {}", i.getTaskId(), i.getComponent(), opts.container());
                try {
                    startInstance(i);
                } catch (IOException e) {
                    LOG.error("cannot start the instance of task {}", i.getTaskId(), e);
                }
            }
        }
    }

    private void stop(List<String> leftOut) {
        for (String name : leftOut) {
            LOG.info("stopping {}: the published physical plan leaves its task out", name);
            supervisor.stop(name, config.get(ExecutorKeys.STOP_GRACE_MS));
        }
    }

    private void startInstance(InstancePlan instance) throws IOException {
        Supervisor.Spec spec = instance(instance, taskOpts);
        supervisor.start(spec);
        instances.put(instance.getTaskId(), spec.name());
    }

    /**
     * The i-th port granted to the container (e.g. taken from a Mesos offer), or 0 (any free port).
     * 0: the Topology Master (container 0) or the Stream Manager; 1: the Metrics Manager (in this
     * executor); 2: its Prometheus endpoint when that sink is on.
     */
    private int granted(int i) {
        return i < opts.ports().size() ? opts.ports().get(i) : 0;
    }

    private Supervisor.Spec system(
            String name, String role, String mainClass, int heapMb, String jvmOpts, List<String> extra) {
        List<String> cmd = JavaCommand.of(config.get(CommonKeys.JAVA_HOME), mainClass)
                .role(role, opts.topology())
                .heapMb(heapMb)
                .jvmOpts(JavaCommand.splitOpts(jvmOpts))
                .logging(opts.confDir(), logDir.resolve(name + ".log"), config)
                .egretHome(egretHome)
                .args(opts.toArgs(role, extra.toArray(String[]::new)))
                .build();
        return new Supervisor.Spec(name, cmd, logDir.resolve(name + ".out"));
    }

    private Supervisor.Spec instance(InstancePlan instance, List<String> taskOpts) {
        String name = "instance-" + instance.getTaskId() + "-" + instance.getComponent();
        List<String> cmd = JavaCommand.of(config.get(CommonKeys.JAVA_HOME), INSTANCE_MAIN)
                .role("instance", opts.topology())
                .heapMb(Math.max(16, instance.getResources().getRamMb()))
                .jvmOpts(JavaCommand.ADD_OPENS)
                .jvmOpts(taskOpts)
                .logging(opts.confDir(), logDir.resolve(name + ".log"), config)
                .egretHome(egretHome)
                .classpath(opts.dirs().userJar().toString())
                .args(opts.toArgs(
                        "instance",
                        "--task-id",
                        Integer.toString(instance.getTaskId()),
                        "--component",
                        instance.getComponent()))
                .build();
        return new Supervisor.Spec(name, cmd, logDir.resolve(name + ".out"));
    }

    private List<String> taskJvmOpts() throws IOException {
        List<String> child = new ArrayList<>();
        Path conf = opts.dirs().stormConf();
        if (Files.exists(conf)) {
            Struct.Builder s = Struct.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(Files.readString(conf), s);
            Value v = s.getFieldsMap().get("topology.worker.childopts");
            if (v != null) {
                if (v.hasStringValue()) {
                    child.addAll(JavaCommand.splitOpts(v.getStringValue()));
                } else if (v.hasListValue()) {
                    v.getListValue().getValuesList().forEach(e -> child.add(e.getStringValue()));
                }
            }
        }
        return taskJvmOpts(config.get(InstanceKeys.JVM_OPTS), child, config.get(InstanceKeys.GC_OPTS));
    }

    private static final Pattern SELECTS_GC = Pattern.compile("-XX:\\+Use\\w+GC");

    /**
     * Egret's instance options, then the topology's own {@code topology.worker.childopts}, as Storm
     * passes them; Egret's collector in front unless those choose one (the JVM refuses two).
     */
    static List<String> taskJvmOpts(String instanceOpts, List<String> childOpts, String gcOpts) {
        List<String> out = new ArrayList<>(JavaCommand.splitOpts(instanceOpts));
        out.addAll(childOpts);
        if (out.stream().noneMatch(o -> SELECTS_GC.matcher(o).matches())) {
            out.addAll(0, JavaCommand.splitOpts(gcOpts));
        }
        return out;
    }

    @Override
    public void close() {
        if (planWatch != null) {
            planWatch.close();
        }
        if (physicalWatch != null) {
            physicalWatch.close();
        }
        planThread.shutdownNow();
        if (topologyMaster != null) {
            topologyMaster.close();
        }
        supervisor.stopAll(config.get(ExecutorKeys.STOP_GRACE_MS));
        // last: the processes report to it until they stop
        if (metricsManager != null) {
            metricsManager.close();
        }
    }
}
