package org.egret.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A counting task's {@code counts-<task>.txt}: one "word count" a line, sorted, replaced atomically so
 * a reader (the tests) never sees half a file.
 */
public final class CountsFile {
  private CountsFile() {
  }

  public static void write(String outputDir, int taskId, Map<String, Long> counts) {
    try {
      Path dir = Files.createDirectories(Path.of(outputDir));
      Path tmp = dir.resolve(".counts-" + taskId + ".tmp");
      String text = counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
          .sorted().collect(Collectors.joining("\n", "", "\n"));
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve("counts-" + taskId + ".txt"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
