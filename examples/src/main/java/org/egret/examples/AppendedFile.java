package org.egret.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A task's record file that the tests read, opened for appending: a restarted task adds to what its
 * earlier run wrote instead of truncating it.
 */
public final class AppendedFile {
    private AppendedFile() {}

    /** Opens {@code dir/name}, creating the directory. */
    public static BufferedWriter open(String dir, String name) {
        try {
            Path d = Files.createDirectories(Path.of(dir));
            return Files.newBufferedWriter(
                    d.resolve(name), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void close(Writer out) {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
