package org.egret.executor;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.egret.net.NodeAddress;
import org.egret.proto.ContainerFailure;
import org.egret.runtime.JarResources;
import org.egret.runtime.ParentWatch;
import org.egret.runtime.ProcessOptions;
import org.egret.security.SecretEnvironment;
import org.egret.statemgr.ExecutionStates;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.egret.uploader.PackageFetcher;
import org.egret.uploader.TopologyPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per container: fetches and unpacks the topology package, then starts and supervises the
 * container's processes until it is told to stop (SIGTERM), when it stops them all. When it gives a
 * process up (it kept dying), it records why in the topology's execution state, stops the others
 * and exits with {@link #EXIT_GAVE_UP}: a container missing a process is broken, and its scheduler
 * replaces it (a new executor, maybe on another host) rather than leave it half alive.
 */
public final class ExecutorMain {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorMain.class);

    /** Exit code of an executor that gave one of its processes up. */
    public static final int EXIT_GAVE_UP = 3;

    private static final AtomicBoolean GIVING_UP = new AtomicBoolean();

    private ExecutorMain() {}

    public static void main(String[] args) {
        ProcessOptions opts = ProcessOptions.parse(args);
        ParentWatch.start(opts.parentPid());
        try {
            run(opts);
        } catch (ConfigException e) {
            LOG.error("executor of container {}: {}", opts.container(), e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            LOG.error("executor of container {} failed", opts.container(), e);
            System.exit(1);
        }
    }

    private static void run(ProcessOptions opts) throws Exception {
        EgretConfig config = opts.loadConfig();
        // every server of the container binds and advertises this: a bad one fails here, once, not in each of them
        NodeAddress address = NodeAddress.from(config);
        opts.dirs().create(config);
        // before any process of the container starts: they all read the file, none inherits the variable
        if (SecretEnvironment.writeFile(System.getenv(), opts.dirs().secretFile())) {
            LOG.info(
                    "wrote the topology secret handed over in {} to {}",
                    SecretEnvironment.VARIABLE,
                    opts.dirs().secretFile());
        }
        fetchPackage(opts, config);
        StateManager state = StateManagers.open(config);
        ContainerProcesses processes = new ContainerProcesses(opts, config, state);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping container {}", opts.container());
                            processes.close();
                            state.close();
                        },
                        "executor-shutdown"));
        processes.start((process, why) -> giveUp(opts, state, address.advertisedHost(), process, why));
        LOG.info("container {} of '{}' is running on {}", opts.container(), opts.topology(), address);
        Thread.currentThread().join();
    }

    /**
     * Runs once, on its own thread (exit waits for the shutdown hook, which stops the supervisor whose
     * thread called this): records the failure, then exits; the hook stops the other processes.
     */
    private static void giveUp(ProcessOptions opts, StateManager state, String host, String process, String why) {
        if (!GIVING_UP.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(
                () -> {
                    String reason = why + "; the executor gave it up and exits " + EXIT_GAVE_UP
                            + " so that the container is replaced";
                    LOG.error("container {}: {} {}", opts.container(), process, reason);
                    try {
                        ExecutionStates.recordContainerFailure(
                                state,
                                opts.topology(),
                                ContainerFailure.newBuilder()
                                        .setContainer(opts.container())
                                        .setProcess(process)
                                        .setReason(reason)
                                        .setTimeMs(System.currentTimeMillis())
                                        .setHost(host)
                                        .build());
                    } catch (RuntimeException e) {
                        LOG.error("cannot record the failure in the execution state of '{}'", opts.topology(), e);
                    }
                    System.exit(EXIT_GAVE_UP);
                },
                "executor-give-up");
        t.start();
    }

    /**
     * Downloads and unpacks the package once, and the user jar's {@code resources/} into Storm's code
     * directory for the container's multilang components; a restarted executor reuses what is there.
     */
    private static void fetchPackage(ProcessOptions opts, EgretConfig config) throws Exception {
        Path done = opts.dirs().packageDir().resolve(".complete");
        if (Files.exists(done)) {
            return;
        }
        if (opts.packageUri() == null) {
            throw new IllegalArgumentException("--package-uri is required");
        }
        Path tmp = Files.createTempFile(opts.dirs().root(), "package", ".tar.gz");
        try {
            PackageFetcher.fetch(URI.create(opts.packageUri()), tmp, config);
            TopologyPackage.extract(tmp, opts.dirs().packageDir());
            int resources =
                    JarResources.extract(opts.dirs().userJar(), opts.dirs().codeDir());
            LOG.info(
                    "unpacked {} file(s) of the topology jar's resources/ into {}",
                    resources,
                    opts.dirs().codeDir());
            Files.createFile(done);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
