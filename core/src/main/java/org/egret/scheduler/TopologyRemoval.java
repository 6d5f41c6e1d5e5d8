package org.egret.scheduler;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.egret.config.CommonKeys;
import org.egret.config.EgretConfig;
import org.egret.runtime.DirectoryTree;
import org.egret.runtime.RootedPath;
import org.egret.statemgr.StateManager;
import org.egret.uploader.Uploader;
import org.egret.uploader.Uploaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a scheduler does last on kill, once every container has stopped (and the CLI, when the
 * scheduler is gone): remove the package, every state node and the topology's directory on this
 * host, so that nothing of the topology is left. Each step is attempted even if an earlier one
 * fails. Paths come from shared state and command lines, so removal deletes only what lies strictly
 * inside the directories this cluster's configuration names: a package inside the uploader's
 * directory, a working directory inside {@code egret.working.dir}. Anything else is refused with
 * one line, and the rest is still removed.
 */
public final class TopologyRemoval {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyRemoval.class);

    private TopologyRemoval() {}

    public static void removeAll(
            String topology, String packageUri, Path hostDir, EgretConfig config, StateManager state) {
        Consumer<String> warn = line -> LOG.warn("{}", line);
        if (packageUri != null) {
            deletePackage(packageUri, config, warn);
        }
        state.deleteAll(topology);
        deleteWorkingDir(hostDir, config, warn);
    }

    /**
     * Deletes the package at {@code packageUri} if the configured uploader holds it; otherwise, or if
     * deleting fails, tells {@code warn} in one line and deletes nothing.
     */
    public static void deletePackage(String packageUri, EgretConfig config, Consumer<String> warn) {
        try (Uploader uploader = Uploaders.open(config)) {
            URI uri = URI.create(packageUri);
            if (!uploader.holds(uri)) {
                warn.accept("refusing to delete the package " + packageUri
                        + ": it is not inside this cluster's uploader " + "directory");
                return;
            }
            uploader.delete(uri);
        } catch (RuntimeException e) {
            warn.accept("cannot delete the package " + packageUri + ": " + e.getMessage());
        }
    }

    /**
     * Deletes {@code dir} and everything below it if it lies strictly inside {@code egret.working.dir};
     * otherwise, or if deleting fails, tells {@code warn} in one line.
     */
    public static void deleteWorkingDir(Path dir, EgretConfig config, Consumer<String> warn) {
        Path workingDir = Path.of(config.get(CommonKeys.WORKING_DIR));
        Optional<Path> real;
        try {
            real = RootedPath.inside(workingDir, dir);
        } catch (RuntimeException e) {
            warn.accept("cannot delete " + dir + ": " + e.getMessage());
            return;
        }
        if (real.isEmpty()) {
            warn.accept("refusing to delete " + dir + ": it is not inside the working directory " + workingDir + " ("
                    + CommonKeys.WORKING_DIR.name() + ")");
            return;
        }
        try {
            DirectoryTree.delete(real.get());
        } catch (IOException e) {
            warn.accept("cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
