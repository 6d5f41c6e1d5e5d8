package org.egret.uploader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.egret.runtime.Tar;

/**
 * The topology package: a gzipped tarball of the user jar, the logical plan and Storm's
 * topology and config (file names in {@link org.egret.runtime.ContainerDirs}).
 */
public final class TopologyPackage {
    public static final String FILE_NAME = "topology.tar.gz";

    private TopologyPackage() {}

    /** Packs every file of {@code dir} into {@code target}. */
    public static void create(Path dir, Path target) throws IOException {
        Tar.run("-czf", target.toString(), "-C", dir.toString(), ".");
    }

    public static void extract(Path pkg, Path dir) throws IOException {
        Files.createDirectories(dir);
        Tar.run("-xzf", pkg.toString(), "-C", dir.toString());
    }
}
