package org.egret.scheduler.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.egret.config.CommonKeys;
import org.egret.config.EgretConfig;
import org.egret.executor.ExecutorKeys;
import org.egret.executor.ExecutorMain;
import org.egret.files.OwnerOnly;
import org.egret.proto.ContainerFailure;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;
import org.egret.runtime.ContainerDirs;
import org.egret.runtime.DirectoryTree;
import org.egret.runtime.JavaCommand;
import org.egret.runtime.ProcessOptions;
import org.egret.runtime.Supervisor;
import org.egret.scheduler.ContainerFailurePolicy;
import org.egret.scheduler.Scheduler;
import org.egret.scheduler.SchedulerException;
import org.egret.scheduler.SchedulerKeys;
import org.egret.security.TopologySecret;
import org.egret.statemgr.ExecutionStates;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each container as an executor process on this host, in
 * {@code <egret.working.dir>/<topology>/container-<n>}, and restarts executors that die: an
 * executor that gave a process up exits {@link ExecutorMain#EXIT_GAVE_UP} and is replaced like one
 * that crashed. Executor failures are counted in a window ({@link ContainerFailurePolicy}, the
 * same limit YARN uses); past it, or past {@code egret.executor.max.restarts} of one executor in a
 * row, the topology is marked FAILED with the reason and that executor is not restarted again.
 */
public final class LocalScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(LocalScheduler.class);
    private final ProcessOptions opts;
    private final EgretConfig config;
    private final Path egretHome;
    private final Supervisor supervisor;
    private final ContainerHosts hosts;
    private final List<Integer> containers = new CopyOnWriteArrayList<>();
    private final ContainerFailurePolicy failures;
    private final StateManager state;
    private final Consumer<String> markFailed;
    private final TopologySecret secret;

    /**
     * {@code markFailed} records that the topology is given up (see {@link
     * org.egret.scheduler.SchedulerProcess#markFailed}); executor failures are recorded in
     * {@code state}.
     */
    public LocalScheduler(
            ProcessOptions opts,
            EgretConfig config,
            Path egretHome,
            StateManager state,
            TopologySecret secret,
            Consumer<String> markFailed) {
        this.secret = secret;
        this.opts = opts;
        this.config = config;
        this.egretHome = egretHome;
        this.hosts = new ContainerHosts(config);
        this.state = state;
        this.markFailed = markFailed;
        this.failures = new ContainerFailurePolicy(ContainerFailurePolicy.Settings.from(config));
        this.supervisor = new Supervisor(
                new Supervisor.Policy(
                        config.get(ExecutorKeys.RESTART_BACKOFF_MS), config.get(ExecutorKeys.RESTART_BACKOFF_MAX_MS),
                        config.get(ExecutorKeys.MAX_RESTARTS), config.get(ExecutorKeys.STABLE_AFTER_MS)),
                Supervisor.OutputCap.of(config));
        supervisor.onExit(this::executorExited);
        supervisor.onGiveUp(exit -> markFailed.accept(exit.name() + " exited with code " + exit.exitCode() + " after "
                + exit.restartsInARow() + " restarts in a row (" + ExecutorKeys.MAX_RESTARTS.name() + "); it is not "
                + "restarted again"));
    }

    /**
     * Counts the failure; past the window's limit the executor is stopped for good (the supervisor
     * then does not restart it) and the topology marked FAILED. An executor that gave a process up
     * recorded that itself; any other exit is recorded here.
     */
    private void executorExited(Supervisor.Exit exit) {
        int container = Integer.parseInt(exit.name().substring("executor-".length()));
        if (exit.exitCode() != ExecutorMain.EXIT_GAVE_UP) {
            try {
                ExecutionStates.recordContainerFailure(
                        state,
                        opts.topology(),
                        ContainerFailure.newBuilder()
                                .setContainer(container)
                                .setProcess("executor")
                                .setReason("the executor (pid " + exit.pid() + ") exited with code " + exit.exitCode())
                                .setTimeMs(System.currentTimeMillis())
                                .setHost(hosts.of(container))
                                .build());
            } catch (RuntimeException e) {
                LOG.warn("cannot record the failure of container {}: {}", container, e.toString());
            }
        }
        ContainerFailurePolicy.Decision d;
        synchronized (failures) {
            d = failures.failed(container, null, System.currentTimeMillis(), 0);
        }
        if (d.giveUp()) {
            supervisor.stop(exit.name(), 0);
            markFailed.accept(d.reason() + "; container " + container + " is not restarted again");
        }
    }

    public static Path topologyDir(EgretConfig config, String topology) {
        return Path.of(config.get(CommonKeys.WORKING_DIR)).toAbsolutePath().resolve(topology);
    }

    @Override
    public void schedule(PackingPlan plan) throws SchedulerException {
        checkCapacity(plan);
        containers.add(0);
        plan.getContainersList().stream().map(ContainerPlan::getId).forEach(containers::add);
        try {
            for (int c : containers) {
                supervisor.start(executor(c));
            }
        } catch (IOException | UncheckedIOException e) {
            supervisor.stopAll(config.get(ExecutorKeys.STOP_GRACE_MS));
            throw new SchedulerException("cannot start executors: " + e.getMessage(), e);
        }
    }

    private Supervisor.Spec executor(int container) throws IOException {
        Path dir = topologyDir(config, opts.topology()).resolve("container-" + container);
        // owner-only, with its parent (the topology's directory): the container holds the package,
        // the secret and the logs
        OwnerOnly.directory(dir.getParent());
        OwnerOnly.directory(dir);
        Files.createDirectories(dir.resolve("logs"));
        secret.writeTo(new ContainerDirs(dir).secretFile());
        List<String> args = opts.forContainer(container, dir)
                .withProperty(CommonKeys.HOST.name(), hosts.of(container))
                .toArgs("executor");
        String name = "executor-" + container;
        List<String> cmd = new ArrayList<>();
        for (String word : config.get(SchedulerKeys.LOCAL_CONTAINER_LAUNCHER)) {
            cmd.add(word.replace("{container}", Integer.toString(container)));
        }
        cmd.addAll(JavaCommand.of(config.get(CommonKeys.JAVA_HOME), "org.egret.executor.ExecutorMain")
                .role("executor", opts.topology())
                .heapMb(config.get(ExecutorKeys.EXECUTOR_HEAP_MB))
                .jvmOpts(JavaCommand.splitOpts(config.get(ExecutorKeys.SYSTEM_JVM_OPTS)))
                .logging(opts.confDir(), dir.resolve("logs").resolve(name + ".log"), config)
                .egretHome(egretHome)
                .clusterClientsFor(opts.packageUri())
                .args(args)
                .build());
        return new Supervisor.Spec(name, cmd, dir.resolve("logs").resolve(name + ".out"));
    }

    @Override
    public synchronized void addContainers(PackingPlan next, List<ContainerPlan> added, Duration timeout)
            throws SchedulerException {
        checkCapacity(next);
        List<Integer> started = new ArrayList<>();
        try {
            for (ContainerPlan c : added) {
                if (containers.contains(c.getId())) {
                    throw new SchedulerException("container " + c.getId() + " is already running");
                }
                supervisor.start(executor(c.getId()));
                containers.add(c.getId());
                started.add(c.getId());
            }
        } catch (IOException | UncheckedIOException | SchedulerException e) {
            removeContainers(started);
            throw e instanceof SchedulerException se
                    ? se
                    : new SchedulerException("cannot start executors: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void removeContainers(List<Integer> removed) {
        for (int c : removed) {
            supervisor.stop("executor-" + c, config.get(ExecutorKeys.STOP_GRACE_MS) + 5000);
            containers.remove(Integer.valueOf(c));
            Path dir = topologyDir(config, opts.topology()).resolve("container-" + c);
            try {
                DirectoryTree.delete(dir);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", dir, e.toString());
            }
        }
    }

    /** A local cluster is one host: the plan's reservations together must fit its memory. */
    private void checkCapacity(PackingPlan plan) throws SchedulerException {
        long capacity = config.get(SchedulerKeys.LOCAL_CAPACITY_RAM_MB);
        if (capacity == 0) {
            capacity = physicalMemoryMb();
        }
        long need = config.get(SchedulerKeys.CONTAINER0_RAM_MB);
        for (ContainerPlan c : plan.getContainersList()) {
            need += c.getRequired().getRamMb();
        }
        if (need > capacity) {
            throw new SchedulerException(
                    "the plan reserves " + need + " MB of memory (" + (plan.getContainersCount() + 1)
                            + " containers) but the local cluster has " + capacity + " MB ("
                            + SchedulerKeys.LOCAL_CAPACITY_RAM_MB.name()
                            + ")");
        }
    }

    private static long physicalMemoryMb() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize() >> 20;
        }
        return Long.MAX_VALUE;
    }

    @Override
    public void kill() {
        supervisor.stopAll(config.get(ExecutorKeys.STOP_GRACE_MS) + 5000);
    }

    @Override
    public void restart(int container) throws SchedulerException {
        if (container < 0) {
            for (int c : containers) {
                supervisor.bounce("executor-" + c);
            }
            return;
        }
        if (!supervisor.bounce("executor-" + container)) {
            throw new SchedulerException("no container " + container + " (containers: " + containers + ")");
        }
    }

    @Override
    public void close() {
        supervisor.close();
    }
}
