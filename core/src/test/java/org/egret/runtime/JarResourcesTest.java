package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user jar's {@code resources/} lands in the code directory, modes kept, and nowhere else. */
class JarResourcesTest {
    @TempDir
    Path tmp;

    private int jars;

    /** A jar of these entries, in this order; no Unix modes recorded. */
    private Path jar(Map<String, String> entries) throws IOException {
        Path jar = tmp.resolve("topology-" + jars++ + ".jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    @Test
    void unpacksOnlyResourcesWithoutTheirPrefixAndReplacesWhatWasThere() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
        entries.put("org/example/Bolt.class", "bytes");
        entries.put("resources/", "");
        entries.put("resources/storm.py", "import sys\n");
        entries.put("resources/lib/words.txt", "a b c\n");
        Path code = tmp.resolve("container/package/resources");
        Files.createDirectories(code);
        Files.writeString(code.resolve("stale.py"), "from an earlier unpacking");

        assertEquals(2, JarResources.extract(jar(entries), code));

        assertEquals(List.of("lib/words.txt", "storm.py"), tree(code));
        assertEquals("import sys\n", Files.readString(code.resolve("storm.py")));
        assertEquals(
                "rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(code.resolve("storm.py"))));
    }

    @Test
    void aJarWithoutResourcesOrNoJarStillLeavesTheDirectoryAShellCanChangeInto() throws Exception {
        Path code = tmp.resolve("code");
        assertEquals(0, JarResources.extract(jar(Map.of("org/example/Bolt.class", "bytes")), code));
        assertTrue(Files.isDirectory(code));
        assertEquals(0, JarResources.extract(tmp.resolve("no-such.jar"), tmp.resolve("code2")));
        assertTrue(Files.isDirectory(tmp.resolve("code2")));
    }

    @Test
    void keepsTheExecutableBitsAJarRecordsButNoGroupOrWorldWrite() throws Exception {
        // the JDK's zip file system writes Unix modes, as Maven's archiver does for an executable file
        Path jar = tmp.resolve("modes.jar");
        try (var fs = java.nio.file.FileSystems.newFileSystem(
                jar, Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
            Path run = Files.createDirectories(fs.getPath("/resources")).resolve("run.sh");
            Files.writeString(run, "#!/bin/sh\necho hi\n");
            Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path data = fs.getPath("/resources/data.txt");
            Files.writeString(data, "x");
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r--------"));
        }
        Path code = tmp.resolve("code");
        assertEquals(2, JarResources.extract(jar, code));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(code.resolve("run.sh"))));
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(code.resolve("data.txt"))));
    }

    @Test
    void refusesAJarWhoseEntryWouldLeaveTheDirectoryAndWritesNothing() throws Exception {
        Path code = tmp.resolve("container/package/resources");
        for (String hostile : List.of(
                "resources/../../escaped.txt", "resources/lib/../../../escaped.txt", "resources//tmp/escaped.txt")) {
            Map<String, String> entries = new LinkedHashMap<>();
            entries.put("resources/fine.py", "ok");
            entries.put(hostile, "owned");
            Path jar = jar(entries);

            IOException e = assertThrows(IOException.class, () -> JarResources.extract(jar, code), hostile);

            assertTrue(e.getMessage().contains(hostile), e.getMessage());
            assertEquals(List.of(), tree(code), "nothing unpacked for " + hostile);
            assertFalse(Files.exists(tmp.resolve("container/escaped.txt")));
        }
    }

    @Test
    void aDotDotThatStaysInsideIsFine() throws Exception {
        Path code = tmp.resolve("code");
        assertEquals(1, JarResources.extract(jar(Map.of("resources/lib/../storm.py", "x")), code));
        assertEquals(List.of("storm.py"), tree(code));
    }
}
