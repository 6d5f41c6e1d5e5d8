package org.egret.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A counting task's {@code counts-<task>.txt}: one "word count" a line, sorted, replaced atomically so
 * a reader (the tests) never sees half a file.
 */
public final class CountsFile {
    private CountsFile() {}

    public static void write(String outputDir, int taskId, Map<String, Long> counts) {
        Path dir;
        try {
            dir = Files.createDirectories(Path.of(outputDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFile.replace(
                dir.resolve("counts-" + taskId + ".txt"),
                counts.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .sorted()
                        .collect(Collectors.joining("\n", "", "\n")));
    }
}
