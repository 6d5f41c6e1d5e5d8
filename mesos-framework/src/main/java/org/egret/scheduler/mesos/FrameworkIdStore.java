package org.egret.scheduler.mesos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The framework id the master gave this topology's scheduler, kept in a file in the scheduler's
 * directory on the submitting host, so a restarted scheduler subscribes as the same framework
 * (within the failover timeout) and keeps its running tasks.
 */
public final class FrameworkIdStore {
  private final Path file;

  public FrameworkIdStore(Path dir) {
    this.file = dir.resolve("framework-id");
  }

  public Optional<String> load() {
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
          .filter(s -> !s.isEmpty()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void save(String id) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".framework-id", ".tmp");
      Files.writeString(tmp, id, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
