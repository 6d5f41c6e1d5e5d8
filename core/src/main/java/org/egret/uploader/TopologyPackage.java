package org.egret.uploader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The topology package: a gzipped tarball of the user jar, the logical plan and Storm's
 * topology and config (file names in {@link org.egret.runtime.ContainerDirs}). Built and
 * unpacked with the system's {@code tar}, which YARN and the Mesos fetcher also understand.
 */
public final class TopologyPackage {
  public static final String FILE_NAME = "topology.tar.gz";

  private TopologyPackage() {
  }

  /** Packs every file of {@code dir} into {@code dir/../topology.tar.gz}-style {@code target}. */
  public static void create(Path dir, Path target) throws IOException {
    run(List.of("tar", "-czf", target.toString(), "-C", dir.toString(), "."));
  }

  public static void extract(Path pkg, Path dir) throws IOException {
    Files.createDirectories(dir);
    run(List.of("tar", "-xzf", pkg.toString(), "-C", dir.toString()));
  }

  private static void run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", cmd));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
  }
}
