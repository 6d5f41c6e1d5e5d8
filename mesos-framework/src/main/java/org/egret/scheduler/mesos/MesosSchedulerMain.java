package org.egret.scheduler.mesos;

import java.net.URI;
import java.nio.file.Path;
import org.egret.config.CommonKeys;
import org.egret.config.EgretConfig;
import org.egret.executor.ExecutorKeys;
import org.egret.proto.PackingPlan;
import org.egret.runtime.Backoff;
import org.egret.runtime.JavaCommand;
import org.egret.runtime.ProcessOptions;
import org.egret.scheduler.SchedulerProcess;
import org.egret.scheduler.TopologyRemoval;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topology's Mesos scheduler process. It runs on the submitting host, detached, one per
 * topology (the local scheduler's shape): it subscribes as the topology's framework, publishes
 * its address for the CLI, and serves kill and restart. Started again with the same arguments
 * (see {@code scheduler.sh} in its directory) it resubscribes with the stored framework id and
 * adopts the tasks that kept running.
 */
public final class MesosSchedulerMain {
    private static final Logger LOG = LoggerFactory.getLogger(MesosSchedulerMain.class);

    private MesosSchedulerMain() {}

    public static void main(String[] args) {
        SchedulerProcess.main(args, "Mesos scheduler", MesosSchedulerMain::run);
    }

    /** The scheduler's directory on the submitting host: its log, framework id and restart script. */
    public static Path schedulerDir(EgretConfig config, String topology) {
        return Path.of(config.get(CommonKeys.WORKING_DIR)).toAbsolutePath().resolve(topology);
    }

    private static void run(SchedulerProcess process) throws Exception {
        ProcessOptions opts = process.opts();
        EgretConfig config = process.config();
        StateManager state = process.state();
        String topology = process.topology();
        PackingPlan plan = process.plan();
        Path home = Path.of(System.getProperty("egret.home", "."));
        TaskInfoFactory tasks = new TaskInfoFactory(new TaskInfoFactory.Settings(
                topology,
                opts.topologyId(),
                opts.cluster(),
                MesosLauncher.corePackage(config, home),
                URI.create(opts.packageUri()),
                config.get(MesosKeys.JAVA_HOME),
                config.get(ExecutorKeys.EXECUTOR_HEAP_MB),
                JavaCommand.splitOpts(config.get(ExecutorKeys.SYSTEM_JVM_OPTS)),
                opts.properties(),
                process.secret()));
        MesosFramework framework = new MesosFramework(
                FrameworkSettings.from(config, topology),
                ContainerNeeds.of(plan, config),
                tasks,
                new FrameworkIdStore(schedulerDir(config, topology)),
                new Backoff(250, 8000));
        framework.onGaveUp(process::markFailed);
        framework.onFatal(why -> {
            process.markFailed(why);
            LOG.error("the framework of '{}' was refused by the master; the scheduler exits", topology);
            System.exit(2);
        });
        process.serve(framework, process.endpoint(framework, () -> {
            framework.close();
            cleanUp(opts, config, state);
        }));
    }

    private static void cleanUp(ProcessOptions opts, EgretConfig config, StateManager state) {
        TopologyRemoval.removeAll(
                opts.topology(), opts.packageUri(), schedulerDir(config, opts.topology()), config, state);
    }
}
