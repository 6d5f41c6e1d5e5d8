package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive script and the processes' check agree on what the archive was made for. */
class ClassDataArchiveTest {
    private static final Path SCRIPT = Path.of("..", "bin", "egret-class-data");
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path dir;

    @Test
    void theScriptsArchiveIsUsedWhereItWasMadeAndNotOnceItsLibChanges() throws Exception {
        Path home = distribution(dir.resolve("egret"));
        String option = runScript(home);
        assertEquals(
                String.join(
                        " ",
                        ClassDataArchive.options(home.resolve("lib/egret.jsa").toRealPath())),
                option);
        assertTrue(ClassDataArchive.usable(home, JAVA).isPresent(), "the stamp the script wrote matches");
        assertTrue(mapsArchive(home), "the JVM maps the archive the check accepts");

        // moved: the archive names the old paths, so neither the JVM nor the check may use it
        Path moved = dir.resolve("moved");
        Files.move(home, moved);
        assertFalse(ClassDataArchive.usable(moved, JAVA).isPresent());
        assertFalse(mapsArchive(moved));

        // the script makes it again for the new place, once
        option = runScript(moved);
        assertEquals(
                String.join(
                        " ",
                        ClassDataArchive.options(moved.resolve("lib/egret.jsa").toRealPath())),
                option);
        assertTrue(ClassDataArchive.usable(moved, JAVA).isPresent());

        // a jar replaced in place
        Files.setLastModifiedTime(moved.resolve("lib/a.jar"), FileTime.fromMillis(1_000_000_000_000L));
        assertFalse(ClassDataArchive.usable(moved, JAVA).isPresent());
    }

    @Test
    void noArchiveWhereLibHasNoClassList() throws Exception {
        Path home = distribution(dir.resolve("egret"));
        Files.delete(home.resolve("lib/egret.classlist"));
        assertEquals("", runScript(home));
        assertFalse(ClassDataArchive.usable(home, JAVA).isPresent());
    }

    private static Path distribution(Path home) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Files.copy(SCRIPT, home.resolve("bin/egret-class-data"), StandardCopyOption.COPY_ATTRIBUTES);
        // a.jar holds a class the list names: a JVM checks the class path only up to the last jar
        // the archive holds a class from
        String archived = Archived.class.getName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(home.resolve("lib/a.jar")))) {
            out.putNextEntry(new JarEntry(archived + ".class"));
            try (InputStream in = Archived.class.getResourceAsStream("/" + archived + ".class")) {
                in.transferTo(out);
            }
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(home.resolve("lib/b.jar")))) {
            out.flush();
        }
        Files.writeString(home.resolve("lib/egret.classlist"), "java/lang/Object\n" + archived + "\n");
        return home;
    }

    static final class Archived {}

    private static String runScript(Path home) throws Exception {
        Process p = new ProcessBuilder(
                        "bash", home.resolve("bin/egret-class-data").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        return out;
    }

    /** Whether a JVM with this lib/ on its class path can map the archive (-Xshare:on fails otherwise). */
    private static boolean mapsArchive(Path home) throws Exception {
        Path archive = home.resolve("lib/egret.jsa");
        Process p = new ProcessBuilder(
                        JAVA.toString(),
                        "-Xshare:on",
                        "-XX:SharedArchiveFile=" + archive,
                        "-cp",
                        home.resolve("lib") + "/*",
                        "-version")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue() == 0;
    }
}
