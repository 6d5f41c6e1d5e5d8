package org.egret.uploader.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.egret.config.EgretConfig;
import org.egret.runtime.OwnerOnly;
import org.egret.uploader.Uploader;
import org.egret.uploader.UploaderKeys;

/** Copies packages into a directory; the URI is a {@code file:} URI. */
public final class LocalFileUploader implements Uploader {
  private Path dir;

  @Override
  public void initialize(EgretConfig config) {
    dir = Path.of(config.get(UploaderKeys.LOCAL_DIR)).toAbsolutePath();
  }

  @Override
  public URI upload(Path packageFile, String topology) {
    try {
      // owner-only: a package holds the topology's code and its config
      Path topoDir = OwnerOnly.directory(dir.resolve(topology));
      Path target = topoDir.resolve(packageFile.getFileName());
      if (Files.exists(target)) {
        throw new IllegalStateException("a package for '" + topology + "' is already uploaded at " + target);
      }
      Path tmp = OwnerOnly.tempFile(topoDir, ".upload", ".tmp");
      // into the 0600 file itself: Files.copy would replace it with one of the default mode
      try (OutputStream out = Files.newOutputStream(tmp)) {
        Files.copy(packageFile, out);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      return target.toUri();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot upload to " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(URI packageUri) {
    Path p = Path.of(packageUri);
    try {
      Files.deleteIfExists(p);
      Path parent = p.getParent();
      if (!Files.isDirectory(parent)) {
        return;
      }
      try (var s = Files.list(parent)) {
        if (s.findAny().isEmpty()) {
          Files.delete(parent);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
    }
  }
}
