package org.egret.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.egret.packing.PackingAlgorithm;
import org.egret.packing.PackingAlgorithms;
import org.egret.proto.ExecutionState;
import org.egret.proto.PackingPlan;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.egret.runtime.ContainerDirs;
import org.egret.runtime.DirectoryTree;
import org.egret.scheduler.LaunchContext;
import org.egret.scheduler.Launcher;
import org.egret.scheduler.Launchers;
import org.egret.security.TopologySecret;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.egret.uploader.TopologyPackage;
import org.egret.uploader.Uploader;
import org.egret.uploader.Uploaders;

/** submit = capture, pack, upload, record state, launch. Any failure undoes what was done. */
final class SubmitCommand {
    private static final int CAPTURE_TIMEOUT_SEC = 120;

    private final CliContext ctx;

    SubmitCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    int run(Path jar, String mainClass, String name, List<String> userArgs) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new CliException("topology jar " + jar + " does not exist");
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new CliException("topology name '" + name + "' may hold only letters, digits, '_', '.' and '-'");
        }
        Path work = Files.createTempDirectory("egret-submit-");
        try (StateManager state = StateManagers.open(ctx.config())) {
            boolean ours = false;
            try (StateManager.Lock lock = state.lock(name, Duration.ofSeconds(10))) {
                if (exists(state, name)) {
                    throw new CliException("topology '" + name + "' already exists on cluster '" + ctx.cluster() + "'");
                }
                ours = true;
                return submit(state, jar, mainClass, name, userArgs, work);
            } catch (Exception e) {
                if (ours) {
                    // nothing half-deployed: a failed submit leaves no node, not even its lock
                    state.deleteAll(name);
                }
                throw e;
            }
        } finally {
            DirectoryTree.delete(work);
        }
    }

    private int submit(StateManager state, Path jar, String mainClass, String name, List<String> userArgs, Path work)
            throws Exception {
        try (Launcher launcher = Launchers.open(ctx.config())) {
            launcher.check(ctx.config());
        }
        ctx.say("Capturing the topology from " + mainClass + " ...");
        Path pkgDir = Files.createDirectories(work.resolve("package"));
        new TopologyCapture(ctx).capture(jar, mainClass, name, userArgs, work, CAPTURE_TIMEOUT_SEC);
        for (String f : List.of(ContainerDirs.LOGICAL_PLAN, ContainerDirs.STORM_TOPOLOGY, ContainerDirs.STORM_CONF)) {
            Files.move(work.resolve(f), pkgDir.resolve(f));
        }
        Files.copy(jar, pkgDir.resolve(ContainerDirs.USER_JAR), StandardCopyOption.REPLACE_EXISTING);
        Topology topology = Topology.parseFrom(Files.readAllBytes(pkgDir.resolve(ContainerDirs.LOGICAL_PLAN)));

        PackingPlan plan;
        try (PackingAlgorithm packing = PackingAlgorithms.open(ctx.config())) {
            plan = packing.pack(topology, ctx.config());
        }
        int instances = plan.getContainersList().stream()
                .mapToInt(c -> c.getInstancesCount())
                .sum();
        ctx.say("Packed " + instances + " instances into " + plan.getContainersCount() + " containers ("
                + plan.getAlgorithm() + ")");

        Path pkg = work.resolve(TopologyPackage.FILE_NAME);
        TopologyPackage.create(pkgDir, pkg);
        launch(state, topology, plan, pkg);
        ctx.say("Topology '" + name + "' is "
                + (topology.getState() == TopologyState.PAUSED ? "deployed (inactive)" : "running") + " on cluster '"
                + ctx.cluster() + "'");
        return 0;
    }

    static boolean exists(StateManager state, String name) {
        for (StateKind kind : StateKind.values()) {
            if (state.list(kind).contains(name)) {
                return true;
            }
        }
        return false;
    }

    private void launch(StateManager state, Topology topology, PackingPlan plan, Path pkg) throws Exception {
        String name = topology.getName();
        URI uri = null;
        try (Uploader uploader = Uploaders.open(ctx.config())) {
            try {
                uri = uploader.upload(pkg, name);
                ctx.say("Uploaded the package to " + uri);
                TopologySecret.generate().store(state, name);
                state.set(StateKind.TOPOLOGIES, name, topology);
                state.set(StateKind.PACKING_PLANS, name, plan);
                state.set(
                        StateKind.EXECUTION_STATE,
                        name,
                        ExecutionState.newBuilder()
                                .setTopologyName(name)
                                .setTopologyId(topology.getId())
                                .setCluster(ctx.cluster())
                                .setUser(System.getProperty("user.name"))
                                .setSubmissionTimeMs(System.currentTimeMillis())
                                .setPackageUri(uri.toString())
                                .setState(topology.getState())
                                .build());
                try (Launcher launcher = Launchers.open(ctx.config())) {
                    launcher.launch(new LaunchContext(
                            name,
                            topology.getId(),
                            plan,
                            uri,
                            ctx.config(),
                            ctx.egretHome(),
                            ctx.confDir(),
                            ctx.cluster(),
                            ctx.properties(),
                            state));
                }
            } catch (Exception e) {
                TopologyCommands.forceCleanUp(ctx, state, name);
                if (uri != null) {
                    uploader.delete(uri);
                }
                throw e;
            }
        }
    }
}
