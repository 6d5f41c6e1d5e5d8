package org.egret.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a path lies strictly inside a root directory, judged on the path the file system really
 * names: symlinks resolved and {@code ..} applied as the kernel would, for the part that exists
 * (a missing part can hold no symlink, so it is normalized as text). What removes files on a path
 * read from shared state (kill) checks it here and removes the resolved path, never the text it
 * was given, so a link swapped in later cannot redirect it.
 */
public final class RootedPath {
    private RootedPath() {}

    /** The path {@code candidate} really names, if that is strictly inside {@code root} (not root itself). */
    public static Optional<Path> inside(Path root, Path candidate) {
        Path realRoot = real(root);
        Path real = real(candidate);
        return real.startsWith(realRoot) && !real.equals(realRoot) ? Optional.of(real) : Optional.empty();
    }

    /**
     * The absolute path {@code p} names with every symlink of its existing part resolved; a symlink at
     * the end is resolved too (kill must not delete through a link, nor the link in its place).
     */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath();
        try {
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                // a dangling link is not followed by toRealPath: it stays, and so is judged by where it is
                return Files.exists(abs)
                        ? abs.toRealPath()
                        : abs.getParent() == null ? abs : real(abs.getParent()).resolve(abs.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + abs + ": " + e.getMessage(), e);
        }
        Path parent = abs.getParent();
        return parent == null ? abs : real(parent).resolve(abs.getFileName()).normalize();
    }
}
