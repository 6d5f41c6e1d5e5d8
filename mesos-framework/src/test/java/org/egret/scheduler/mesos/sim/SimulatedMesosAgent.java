package org.egret.scheduler.mesos.sim;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of the simulated Mesos master: runs each command task as a real local process in
 * its own sandbox, after fetching its URIs, with the command executor's updates (STARTING,
 * RUNNING, then FINISHED / FAILED / KILLED). A KILL sends SIGTERM, then SIGKILL to the whole
 * process tree after the grace period. Every update carries a fresh 16-byte uuid; the master
 * delivers them reliably.
 */
final class SimulatedMesosAgent {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedMesosAgent.class);

    /** A running task. */
    private static final class Run {
        final TaskInfo task;
        final FrameworkID framework;
        volatile Process process;
        volatile boolean killRequested;
        volatile boolean gone;

        Run(TaskInfo task, FrameworkID framework) {
            this.task = task;
            this.framework = framework;
        }
    }

    final AgentID id;
    /** An address of this machine (loopback, e.g. 127.0.0.21), so its tasks' servers can bind it. */
    final String hostname;

    private final Path workDir;
    private final SimulatedFetcher fetcher;
    private final long killGraceMs;
    private final Consumer<TaskStatus> updates;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "simulated-mesos-agent");
        t.setDaemon(true);
        return t;
    });

    SimulatedMesosAgent(
            AgentID id,
            String hostname,
            Path workDir,
            SimulatedFetcher fetcher,
            long killGraceMs,
            Consumer<TaskStatus> updates) {
        this.id = id;
        this.hostname = hostname;
        this.workDir = workDir;
        this.fetcher = fetcher;
        this.killGraceMs = killGraceMs;
        this.updates = updates;
    }

    void launch(FrameworkID framework, TaskInfo task) {
        Run run = new Run(task, framework);
        runs.put(task.getTaskId().getValue(), run);
        pool.execute(() -> start(run));
    }

    private void start(Run run) {
        TaskInfo task = run.task;
        Path sandbox = workDir.resolve("slaves")
                .resolve(id.getValue())
                .resolve("frameworks")
                .resolve(run.framework.getValue())
                .resolve("executors")
                .resolve(task.getTaskId().getValue())
                .resolve("runs")
                .resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(sandbox);
            // the isolators prepare (secrets resolved as the agent's default secret resolver does: VALUE only)
            // before the fetcher runs
            Map<String, String> taskEnvironment =
                    SimulatedSecrets.resolve(task.getCommand().getEnvironment());
            for (var uri : task.getCommand().getUrisList()) {
                fetcher.fetch(uri, sandbox);
            }
            if (run.killRequested || run.gone) {
                finish(
                        run,
                        TaskState.TASK_KILLED,
                        "killed before it started",
                        TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
                return;
            }
            send(run, TaskState.TASK_STARTING, "", null);
            List<String> cmd = task.getCommand().getShell()
                    ? List.of("sh", "-c", task.getCommand().getValue())
                    : task.getCommand().getArgumentsList();
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(sandbox.toFile())
                    .redirectOutput(sandbox.resolve("stdout").toFile())
                    .redirectError(sandbox.resolve("stderr").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> env = pb.environment();
            env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
            env.put("MESOS_SANDBOX", sandbox.toString());
            env.put("MESOS_TASK_ID", task.getTaskId().getValue());
            env.put("MESOS_FRAMEWORK_ID", run.framework.getValue());
            env.put("MESOS_AGENT_ID", id.getValue());
            env.putAll(taskEnvironment);
            synchronized (run) {
                if (run.killRequested || run.gone) {
                    finish(
                            run,
                            TaskState.TASK_KILLED,
                            "killed before it started",
                            TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
                    return;
                }
                run.process = pb.start();
            }
            send(run, TaskState.TASK_RUNNING, "", null);
            int code = run.process.waitFor();
            if (run.gone) {
                return;
            }
            if (run.killRequested) {
                finish(run, TaskState.TASK_KILLED, "Command terminated with signal Terminated", null);
            } else if (code == 0) {
                finish(run, TaskState.TASK_FINISHED, "Command exited with status 0", null);
            } else {
                finish(
                        run,
                        TaskState.TASK_FAILED,
                        code > 128
                                ? "Command terminated with signal " + (code - 128)
                                : "Command exited with status " + code,
                        TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED);
            }
        } catch (IOException e) {
            LOG.warn("task {} failed to launch", task.getTaskId().getValue(), e);
            finish(
                    run,
                    TaskState.TASK_FAILED,
                    "Failed to launch container: " + e.getMessage(),
                    TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void finish(Run run, TaskState state, String message, TaskStatus.Reason reason) {
        runs.remove(run.task.getTaskId().getValue());
        if (!run.gone) {
            send(run, state, message, reason);
        }
    }

    private void send(Run run, TaskState state, String message, TaskStatus.Reason reason) {
        UUID u = UUID.randomUUID();
        ByteBuffer b =
                ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        TaskStatus.Builder s = TaskStatus.newBuilder()
                .setTaskId(run.task.getTaskId())
                .setState(state)
                .setAgentId(id)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setUuid(ByteString.copyFrom(b.array()))
                .setTimestamp(System.currentTimeMillis() / 1000.0);
        if (!message.isEmpty()) {
            s.setMessage(message);
        }
        if (reason != null) {
            s.setReason(reason);
        }
        updates.accept(s.build());
    }

    /** KILL: SIGTERM, then SIGKILL for the whole tree after the grace period. False if unknown. */
    boolean kill(String taskId) {
        Run run = runs.get(taskId);
        if (run == null) {
            return false;
        }
        Process p;
        synchronized (run) {
            run.killRequested = true;
            p = run.process;
        }
        if (p != null) {
            pool.execute(() -> terminate(p, killGraceMs));
        }
        return true;
    }

    private static void terminate(Process p, long graceMs) {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Fault injection: the task's process is killed from outside (SIGKILL), as an OOM killer would. */
    boolean killProcessFromOutside(String taskId) {
        Run run = runs.get(taskId);
        if (run == null || run.process == null) {
            return false;
        }
        run.process.destroyForcibly();
        return true;
    }

    boolean hasProcess(String taskId) {
        Run run = runs.get(taskId);
        return run != null && run.process != null && run.process.isAlive();
    }

    List<String> taskIds() {
        return List.copyOf(runs.keySet());
    }

    /** The agent is lost: its processes die with it and it sends nothing more. */
    void lose() {
        for (Run run : runs.values()) {
            run.gone = true;
            Process p = run.process;
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        runs.clear();
    }

    /** Stops every task (SIGTERM, then SIGKILL) and waits for them; used when the master shuts down. */
    void shutdown() {
        for (Run run : runs.values()) {
            run.gone = true;
            Process p = run.process;
            if (p != null) {
                terminate(p, killGraceMs);
            }
        }
        runs.clear();
        pool.shutdownNow();
    }
}
