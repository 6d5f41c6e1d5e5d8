package org.egret.scheduler;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.egret.config.CommonKeys;
import org.egret.executor.ExecutorKeys;
import org.egret.files.OwnerOnly;
import org.egret.proto.SchedulerLocation;
import org.egret.runtime.JavaCommand;
import org.egret.runtime.ProcessOptions;
import org.egret.statemgr.StateKind;

/**
 * A topology's scheduler as a process on the submitting host, detached from the CLI (its own
 * session, so it outlives the CLI and the terminal): how the local and Mesos launchers start theirs.
 */
public final class DetachedScheduler {
    private DetachedScheduler() {}

    /**
     * The command line of {@code mainClass} as the scheduler of the context's topology, living in {@code dir};
     * with the cluster clients ({@link JavaCommand#clusterClients()}) when {@code talksToCluster}, else only
     * if the package is not a local file (the scheduler removes it at the end).
     */
    public static List<String> command(
            LaunchContext ctx, String mainClass, Path dir, List<String> extraJvmOpts, boolean talksToCluster) {
        List<String> args = new ArrayList<>(List.of(
                "--topology",
                ctx.topology(),
                "--topology-id",
                ctx.topologyId(),
                "--container-dir",
                dir.toString(),
                "--conf-dir",
                ctx.confDir().toString(),
                "--cluster",
                ctx.cluster(),
                "--package-uri",
                ctx.packageUri().toString()));
        ctx.configProperties().forEach((k, v) -> {
            args.add("--config-property");
            args.add(k + "=" + v);
        });
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        JavaCommand java = JavaCommand.of(ctx.config().get(CommonKeys.JAVA_HOME), mainClass)
                .role("scheduler", ctx.topology())
                .heapMb(ctx.config().get(ExecutorKeys.EXECUTOR_HEAP_MB))
                .jvmOpts(JavaCommand.splitOpts(ctx.config().get(ExecutorKeys.SYSTEM_JVM_OPTS)))
                .jvmOpts(extraJvmOpts)
                .logging(ctx.confDir(), dir.resolve("scheduler.log"), ctx.config())
                .egretHome(ctx.egretHome());
        if (talksToCluster) {
            java.clusterClients();
        } else {
            java.clusterClientsFor(ctx.packageUri().toString());
        }
        cmd.addAll(java.args(ProcessOptions.parse(args.toArray(String[]::new)).toArgs("scheduler"))
                .build());
        return cmd;
    }

    /**
     * Starts the command (output appended to {@code dir/scheduler.out}) and waits until the
     * scheduler has published its location; a scheduler that exits or does not come up in time is
     * reported with its log's path (and killed).
     */
    public static void startAndAwait(LaunchContext ctx, List<String> cmd, Path dir, String what)
            throws SchedulerException {
        Path log = dir.resolve("scheduler.log");
        Process process;
        try {
            // the topology's own directory: its containers' packages, logs and secrets go below it
            OwnerOnly.directory(dir);
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("scheduler.out").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new SchedulerException("cannot start " + what + ": " + e.getMessage(), e);
        }
        long deadline = System.currentTimeMillis() + ctx.config().get(SchedulerKeys.START_TIMEOUT_MS);
        while (System.currentTimeMillis() < deadline) {
            if (ctx.state()
                    .get(StateKind.SCHEDULERS, ctx.topology(), SchedulerLocation.parser())
                    .isPresent()) {
                return;
            }
            if (!process.isAlive()) {
                throw new SchedulerException(what + " exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new SchedulerException(what + " did not come up within "
                + ctx.config().get(SchedulerKeys.START_TIMEOUT_MS) + " ms; see " + log);
    }
}
