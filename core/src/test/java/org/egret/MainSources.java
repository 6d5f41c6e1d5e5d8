package org.egret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The main Java sources of every module, for the tests that hold the code's shape. */
final class MainSources {
    private MainSources() {}

    /** Surefire runs in core/, one level below the repository root. */
    static Path repositoryRoot() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    /**
     * Every {@code src/main/java/**.java} of the root's directories: a new module is covered without
     * touching the tests.
     */
    static List<Path> all() throws IOException {
        Path root = repositoryRoot();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path module : dirs.sorted().toList()) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> files = Files.walk(main)) {
                        files.filter(p -> p.toString().endsWith(".java"))
                                .sorted()
                                .forEach(sources::add);
                    }
                }
            }
        }
        if (sources.size() < 100) {
            throw new IllegalStateException("too few sources under " + root + ": not the repository root?");
        }
        return sources;
    }

    static String relative(Path file) {
        return repositoryRoot().relativize(file).toString().replace('\\', '/');
    }
}
