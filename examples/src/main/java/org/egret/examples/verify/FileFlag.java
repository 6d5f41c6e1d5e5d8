package org.egret.examples.verify;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A switch a test throws from outside by creating a file: once the file exists the flag stays up.
 * Looks at the file system at most every 100 ms, since a task asks on every tuple.
 */
final class FileFlag {
    private static final long LOOK_EVERY_NANOS = 100_000_000L;

    private final Path file;
    private boolean up;
    private long nextLook;

    FileFlag(String dir, String name) {
        this.file = Path.of(dir, name);
    }

    boolean isUp() {
        long now = System.nanoTime();
        if (!up && now >= nextLook) {
            up = Files.exists(file);
            nextLook = now + LOOK_EVERY_NANOS;
        }
        return up;
    }
}
