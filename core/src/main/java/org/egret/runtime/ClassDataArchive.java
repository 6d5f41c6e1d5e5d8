package org.egret.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The distribution's class-data-sharing archive ({@code lib/egret.jsa}), when it is valid here.
 *
 * <p>A JDK 17 archive records the absolute paths, sizes and times of the jars it was made from. A
 * JVM given an archive that does not match them ignores it silently, and then also goes without the
 * JDK's own archive, so every process starts slower and larger than with no option at all. Hence
 * {@code bin/egret-class-data} makes the archive where the distribution lives and writes next to it
 * a stamp of what it was made for; a process is given the archive only while that stamp still
 * describes its {@code lib/} and its JVM. The stamp is computed here exactly as the script does.
 */
public final class ClassDataArchive {
    public static final String ARCHIVE = "egret.jsa";
    public static final String STAMP = ARCHIVE + ".stamp";

    private ClassDataArchive() {}

    /** The archive of {@code home}'s lib/, if its stamp matches that lib/ and {@code javaBinary}. */
    public static Optional<Path> usable(Path home, Path javaBinary) {
        Path lib = home.resolve("lib");
        Path archive = lib.resolve(ARCHIVE);
        Path stamp = lib.resolve(STAMP);
        if (!Files.isReadable(archive) || !Files.isReadable(stamp)) {
            return Optional.empty();
        }
        try {
            String recorded = Files.readString(stamp, StandardCharsets.UTF_8).strip();
            return recorded.equals(stamp(lib, javaBinary)) ? Optional.of(archive) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The JVM options that map the archive. JDK 17 maps it at a random address by default and then
     * rewrites its pointers, which turns every page it maps into a private copy: about 40 MB per
     * process that the JVMs of a host would otherwise share. Mode 0 maps it at the address it was
     * made for, and relocates only when that address is taken.
     */
    public static List<String> options(Path archive) {
        return List.of(
                "-XX:SharedArchiveFile=" + archive, "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
    }

    /** What {@code bin/egret-class-data} writes: the real lib/ and JVM paths, then each jar's name, size, mtime. */
    static String stamp(Path lib, Path javaBinary) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("lib " + lib.toRealPath());
        lines.add("java " + javaBinary.toRealPath());
        List<String> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .toList()) {
                jars.add(jar.getFileName() + " " + Files.size(jar) + " "
                        + Files.getLastModifiedTime(jar).toMillis() / 1000);
            }
        }
        jars.sort(null); // the script sorts with LC_ALL=C: by byte, as String's order is for ASCII names
        lines.addAll(jars);
        return String.join("\n", lines);
    }
}
