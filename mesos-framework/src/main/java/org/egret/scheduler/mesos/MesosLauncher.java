package org.egret.scheduler.mesos;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.egret.config.CommonKeys;
import org.egret.config.EgretConfig;
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
 * Starts the topology's Mesos scheduler ({@link MesosSchedulerMain}) as a detached process on
 * the submitting host and waits until it has published its location. It also writes the
 * command to {@code scheduler.sh} in the scheduler's directory: running that script again after
 * the scheduler died resubscribes as the same framework.
 */
public final class MesosLauncher implements Launcher {
  @Override
  public void launch(LaunchContext ctx) throws SchedulerException {
    corePackage(ctx.config(), ctx.egretHome()); // fail before anything starts if agents could fetch no Egret
    Path dir = MesosSchedulerMain.schedulerDir(ctx.config(), ctx.topology());
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
      List<String> cmd = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
        cmd.add("/usr/bin/setsid");
      }
      cmd.addAll(JavaCommand.of(ctx.config().get(CommonKeys.JAVA_HOME), MesosSchedulerMain.class.getName())
          .role("scheduler", ctx.topology())
          .heapMb(ctx.config().get(ExecutorKeys.EXECUTOR_HEAP_MB))
          .jvmOpts(JavaCommand.splitOpts(ctx.config().get(ExecutorKeys.SYSTEM_JVM_OPTS)))
          .jvmOpt("-Dcom.google.protobuf.use_unsafe_pre22_gencode=true")
          .logging(ctx.confDir(), log)
          .egretHome(ctx.egretHome())
          .args(ProcessOptions.parse(args.toArray(String[]::new)).toArgs("scheduler"))
          .build());
      writeRestartScript(dir, cmd);
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("scheduler.out").toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new SchedulerException("cannot start the Mesos scheduler: " + e.getMessage(), e);
    }
    long deadline = System.currentTimeMillis() + ctx.config().get(SchedulerKeys.START_TIMEOUT_MS);
    while (System.currentTimeMillis() < deadline) {
      if (ctx.state().get(StateKind.SCHEDULERS, ctx.topology(), SchedulerLocation.parser()).isPresent()) {
        return;
      }
      if (!process.isAlive()) {
        throw new SchedulerException("the Mesos scheduler exited with code " + process.exitValue() + "; see " + log);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    process.destroyForcibly();
    throw new SchedulerException("the Mesos scheduler did not come up within "
        + ctx.config().get(SchedulerKeys.START_TIMEOUT_MS) + " ms; see " + log);
  }

  /**
   * The command again, without the parent pid (a restarted scheduler has no CLI parent): an
   * operator or a process supervisor runs it to bring a dead scheduler back.
   */
  private static void writeRestartScript(Path dir, List<String> cmd) throws IOException {
    StringBuilder sb = new StringBuilder("#!/bin/sh\n# restarts this topology's Mesos scheduler; it resubscribes with ./framework-id\nexec");
    for (int i = 0; i < cmd.size(); i++) {
      if (cmd.get(i).equals("--parent-pid")) {
        i++;
        continue;
      }
      sb.append(' ').append('\'').append(cmd.get(i).replace("'", "'\\''")).append('\'');
    }
    sb.append(" >> '").append(dir.resolve("scheduler.out").toString().replace("'", "'\\''")).append("' 2>&1\n");
    Path script = dir.resolve("scheduler.sh");
    Files.writeString(script, sb.toString());
    script.toFile().setExecutable(true);
  }

  /** Where agents fetch Egret itself: the configured URI, or the tarball beside this installation. */
  static URI corePackage(EgretConfig config, Path egretHome) throws SchedulerException {
    String uri = config.get(SchedulerKeys.MESOS_CORE_PACKAGE_URI);
    if (!uri.isEmpty()) {
      return URI.create(uri);
    }
    Path home = egretHome.toAbsolutePath().normalize();
    Path tarball = home.resolveSibling(home.getFileName() + ".tar.gz");
    if (!Files.isRegularFile(tarball)) {
      throw new SchedulerException("no Egret package for the agents: set egret.mesos.core.package.uri "
          + "(e.g. an http:// or hdfs:// URI of egret.tar.gz), or put egret.tar.gz at " + tarball);
    }
    return tarball.toUri();
  }
}
