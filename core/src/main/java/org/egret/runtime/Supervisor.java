package org.egret.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.egret.config.EgretConfig;
import org.egret.security.SecretEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts child processes and keeps them alive: a child that dies is restarted after a growing
 * back-off; one that keeps dying is given up and reported to its listener (the executor then
 * gives its container up) instead of restarted in a tight loop.
 * Used by the executor for its container's processes and by the local scheduler for executors.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** How a child is restarted. */
    public record Policy(long initialBackoffMs, long maxBackoffMs, int maxRestarts, long stableAfterMs) {}

    /**
     * How large a child's captured stdout/stderr may grow: {@code maxBytes} per file, {@code maxFiles}
     * files (the live one included).
     */
    public record OutputCap(long maxBytes, int maxFiles) {
        public static OutputCap of(EgretConfig config) {
            return new OutputCap(config.get(LogKeys.OUT_MAX_BYTES), config.get(LogKeys.OUT_MAX_FILES));
        }
    }

    /** A supervised child: its name, command and where its stdout/stderr go (a capped, rolled file). */
    public record Spec(String name, List<String> command, Path output) {}

    private final class Child {
        final Spec spec;
        /** One writer per child, kept across restarts: only one thing ever appends to its file. */
        final RollingOutput output;

        volatile Process process;
        volatile Thread pump;
        volatile long startedAt;
        volatile int restarts;
        final Backoff backoff;
        volatile boolean failed;
        /** Killed by {@link #bounce}: its exit is a restart someone asked for, not a failure. */
        volatile boolean bounced;

        Child(Spec spec) throws IOException {
            this.spec = spec;
            this.output = new RollingOutput(spec.output(), outputCap.maxBytes(), outputCap.maxFiles());
            this.backoff = new Backoff(policy.initialBackoffMs(), policy.maxBackoffMs());
        }
    }

    /** A child that died unasked: its exit code and how many times in a row it had been restarted. */
    public record Exit(String name, long pid, int exitCode, int restartsInARow) {}

    /** Told about a child's exit before it is restarted (or given up). */
    public interface ExitListener {
        void exited(Exit exit);
    }

    private final Policy policy;
    private final OutputCap outputCap;
    private volatile Consumer<Exit> onGiveUp = exit -> {};
    private volatile ExitListener onExit = exit -> {};
    private final Map<String, Child> children = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "supervisor");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    public Supervisor(Policy policy, OutputCap outputCap) {
        this.policy = policy;
        this.outputCap = outputCap;
    }

    /** Called (on a supervisor thread) with the last exit of a child that is given up. */
    public void onGiveUp(Consumer<Exit> listener) {
        this.onGiveUp = listener;
    }

    /**
     * Called (on a supervisor thread) with every exit of a child nobody asked to stop, before the
     * supervisor restarts it; a listener that {@link #stop}s the child there keeps it from restarting.
     */
    public void onExit(ExitListener listener) {
        this.onExit = listener;
    }

    public void start(Spec spec) throws IOException {
        Child c = new Child(spec);
        children.put(spec.name(), c);
        launch(c);
    }

    private void launch(Child c) throws IOException {
        // piped, not redirected to the file: only a reader of the pipe can cap what lands on disk
        ProcessBuilder pb = new ProcessBuilder(c.spec.command()).redirectErrorStream(true);
        // a cluster manager may hand the secret to the executor in its environment; children read the file
        SecretEnvironment.strip(pb.environment());
        Process p = pb.start();
        c.pump = c.output.pump(p.getInputStream(), "output-" + c.spec.name() + "-" + p.pid());
        c.process = p;
        c.startedAt = System.currentTimeMillis();
        LOG.info("started {} (pid {})", c.spec.name(), p.pid());
        p.onExit().thenAccept(done -> onExit(c, done));
    }

    private void onExit(Child c, Process done) {
        if (stopping || c.process != done || !children.containsKey(c.spec.name())) {
            return;
        }
        long ran = System.currentTimeMillis() - c.startedAt;
        if (ran > policy.stableAfterMs()) {
            c.restarts = 0;
            c.backoff.reset();
        }
        Exit exit = new Exit(c.spec.name(), done.pid(), done.exitValue(), c.restarts);
        boolean asked = c.bounced;
        c.bounced = false;
        try {
            if (!asked) {
                onExit.exited(exit);
            }
        } catch (RuntimeException e) {
            LOG.warn("exit listener of {} failed", c.spec.name(), e);
        }
        if (stopping || children.get(c.spec.name()) != c) {
            return;
        }
        if (c.restarts >= policy.maxRestarts()) {
            c.failed = true;
            LOG.error(
                    "{} exited with code {} and has been restarted {} times in a row; giving up",
                    c.spec.name(),
                    done.exitValue(),
                    c.restarts);
            onGiveUp.accept(exit);
            return;
        }
        long delay = c.backoff.next();
        c.restarts++;
        LOG.warn(
                "{} (pid {}) exited with code {}; restarting in {} ms (restart {})",
                c.spec.name(),
                done.pid(),
                done.exitValue(),
                delay,
                c.restarts);
        timer.schedule(
                () -> {
                    if (stopping || children.get(c.spec.name()) != c) {
                        return;
                    }
                    try {
                        launch(c);
                    } catch (IOException e) {
                        LOG.error("cannot restart {}", c.spec.name(), e);
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    /** Kills one child; it is restarted like a crashed one (used by restart commands). */
    public boolean bounce(String name) {
        Child c = children.get(name);
        if (c == null || c.process == null) {
            return false;
        }
        c.restarts = 0;
        c.backoff.reset();
        c.bounced = true;
        c.process.destroy();
        return true;
    }

    /**
     * Stops one child for good (SIGTERM, then SIGKILL after {@code graceMs}) and forgets it; false when
     * there is no such child.
     */
    public boolean stop(String name, long graceMs) {
        Child c = children.remove(name);
        if (c == null) {
            return false;
        }
        Process p = c.process;
        if (p != null && p.isAlive()) {
            p.destroy();
            awaitOrKill(p, System.currentTimeMillis() + graceMs);
        }
        closeOutput(c);
        LOG.info("stopped {} for good", name);
        return true;
    }

    public boolean isFailed(String name) {
        Child c = children.get(name);
        return c != null && c.failed;
    }

    public List<String> failed() {
        return children.values().stream()
                .filter(c -> c.failed)
                .map(c -> c.spec.name())
                .sorted()
                .toList();
    }

    public Map<String, Long> pids() {
        Map<String, Long> pids = new TreeMap<>();
        children.forEach((n, c) -> {
            if (c.process != null && c.process.isAlive()) {
                pids.put(n, c.process.pid());
            }
        });
        return pids;
    }

    /** Stops every child: SIGTERM, then SIGKILL after {@code graceMs}; waits until all are gone. */
    public void stopAll(long graceMs) {
        stopping = true;
        List<Process> procs = children.values().stream()
                .map(c -> c.process)
                .filter(p -> p != null && p.isAlive())
                .toList();
        procs.forEach(Process::destroy);
        long deadline = System.currentTimeMillis() + graceMs;
        for (Process p : procs) {
            awaitOrKill(p, deadline);
        }
        children.values().forEach(Supervisor::closeOutput);
    }

    /** Lets the pump copy what the dead child wrote last, then releases the file. */
    private static void closeOutput(Child c) {
        Thread t = c.pump;
        try {
            if (t != null) {
                t.join(1000);
            }
            c.output.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("cannot close {}: {}", c.spec.output(), e.toString());
        }
    }

    /** Waits for a process that was sent SIGTERM until {@code deadlineMs}, then kills it and its children. */
    private static void awaitOrKill(Process p, long deadlineMs) {
        try {
            long left = deadlineMs - System.currentTimeMillis();
            if (left <= 0 || !p.waitFor(left, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stopAll(5000);
        timer.shutdownNow();
    }
}
