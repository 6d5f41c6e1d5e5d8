package org.egret.scheduler.mesos;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.egret.scheduler.DetachedScheduler;
import org.egret.scheduler.LaunchContext;
import org.egret.scheduler.Launcher;
import org.egret.scheduler.SchedulerException;

/**
 * Starts the topology's Mesos scheduler ({@link MesosSchedulerMain}) as a detached process on
 * the submitting host and waits until it has published its location. It also writes the
 * command to {@code scheduler.sh} in the scheduler's directory: running that script again after
 * the scheduler died resubscribes as the same framework.
 */
@PluginType("mesos")
public final class MesosLauncher implements Launcher {
    @Override
    public void check(EgretConfig config) {
        if (config.get(MesosKeys.MASTER).isBlank()) {
            throw new ConfigException(
                    MesosKeys.MASTER.name() + " is not set: name a Mesos master, e.g." + " http://master1:5050");
        }
    }

    @Override
    public void launch(LaunchContext ctx) throws SchedulerException {
        corePackage(ctx.config(), ctx.egretHome()); // fail before anything starts if agents could fetch no Egret
        Path dir = MesosSchedulerMain.schedulerDir(ctx.config(), ctx.topology());
        List<String> cmd = DetachedScheduler.command(
                ctx,
                MesosSchedulerMain.class.getName(),
                dir,
                List.of("-Dcom.google.protobuf.use_unsafe_pre22_gencode=true"),
                true);
        try {
            Files.createDirectories(dir);
            writeRestartScript(dir, cmd);
        } catch (IOException e) {
            throw new SchedulerException("cannot write the Mesos scheduler's restart script: " + e.getMessage(), e);
        }
        DetachedScheduler.startAndAwait(ctx, cmd, dir, "the Mesos scheduler");
    }

    /**
     * The command again, without the parent pid (a restarted scheduler has no CLI parent): an
     * operator or a process supervisor runs it to bring a dead scheduler back.
     */
    private static void writeRestartScript(Path dir, List<String> cmd) throws IOException {
        StringBuilder sb = new StringBuilder(
                "#!/bin/sh\n# restarts this topology's Mesos scheduler; it resubscribes with ./framework-id\nexec");
        for (int i = 0; i < cmd.size(); i++) {
            if (cmd.get(i).equals("--parent-pid")) {
                i++;
                continue;
            }
            sb.append(' ').append('\'').append(cmd.get(i).replace("'", "'\\''")).append('\'');
        }
        sb.append(" >> '")
                .append(dir.resolve("scheduler.out").toString().replace("'", "'\\''"))
                .append("' 2>&1\n");
        Path script = dir.resolve("scheduler.sh");
        Files.writeString(script, sb.toString());
        script.toFile().setExecutable(true);
    }

    /** Where agents fetch Egret itself: the configured URI, or the tarball beside this installation. */
    static URI corePackage(EgretConfig config, Path egretHome) throws SchedulerException {
        String uri = config.get(MesosKeys.CORE_PACKAGE_URI);
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
