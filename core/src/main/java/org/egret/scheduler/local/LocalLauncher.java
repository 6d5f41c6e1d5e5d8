package org.egret.scheduler.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.egret.config.CommonKeys;
import org.egret.executor.ExecutorKeys;
import org.egret.proto.SchedulerLocation;
import org.egret.runtime.JavaCommand;
import org.egret.runtime.ProcessOptions;
import org.egret.scheduler.LaunchContext;
import org.egret.scheduler.Launcher;
import org.egret.scheduler.SchedulerException;
import org.egret.scheduler.SchedulerKeys;
import org.egret.statemgr.StateKind;

/**
 * Starts the topology's local scheduler as a detached process (its own session, so it outlives
 * the CLI and the terminal) and waits until it has published its location.
 */
public final class LocalLauncher implements Launcher {
  @Override
  public void launch(LaunchContext ctx) throws SchedulerException {
    Path dir = LocalScheduler.topologyDir(ctx.config(), ctx.topology());
    Path log = dir.resolve("scheduler.log");
    Process process;
    try {
      Files.createDirectories(dir);
      List<String> args = new ArrayList<>(List.of("--topology", ctx.topology(), "--topology-id", ctx.topologyId(),
          "--container-dir", dir.toString(), "--conf-dir", ctx.confDir().toString(),
          "--cluster", ctx.cluster(), "--package-uri", ctx.packageUri().toString()));
      ctx.configProperties().forEach((k, v) -> {
        args.add("--config-property");
        args.add(k + "=" + v);
      });
      ProcessOptions opts = ProcessOptions.parse(args.toArray(String[]::new));
      List<String> cmd = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
        cmd.add("/usr/bin/setsid");
      }
      cmd.addAll(JavaCommand.of(ctx.config().get(CommonKeys.JAVA_HOME), LocalSchedulerMain.class.getName())
          .role("scheduler", ctx.topology())
          .heapMb(ctx.config().get(ExecutorKeys.EXECUTOR_HEAP_MB))
          .jvmOpts(JavaCommand.splitOpts(ctx.config().get(ExecutorKeys.SYSTEM_JVM_OPTS)))
          .logging(ctx.confDir(), log)
          .egretHome(ctx.egretHome())
          .args(opts.toArgs("scheduler"))
          .build());
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("scheduler.out").toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new SchedulerException("cannot start the local scheduler: " + e.getMessage(), e);
    }
    long deadline = System.currentTimeMillis() + ctx.config().get(SchedulerKeys.START_TIMEOUT_MS);
    while (System.currentTimeMillis() < deadline) {
      Optional<SchedulerLocation> loc = ctx.state().get(StateKind.SCHEDULERS, ctx.topology(),
          SchedulerLocation.parser());
      if (loc.isPresent()) {
        return;
      }
      if (!process.isAlive()) {
        throw new SchedulerException("the local scheduler exited with code " + process.exitValue()
            + "; see " + log);
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
    throw new SchedulerException("the local scheduler did not come up within "
        + ctx.config().get(SchedulerKeys.START_TIMEOUT_MS) + " ms; see " + log);
  }
}
