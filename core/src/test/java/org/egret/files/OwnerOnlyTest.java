package org.egret.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
    @TempDir
    Path dir;

    @Test
    void createsMissingDirectoriesOwnerOnlyNarrowsTheLeafAndLeavesExistingParents() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnerOnly.directory(dir.resolve("a/b/c"));
        for (String d : new String[] {"a", "a/b", "a/b/c"}) {
            assertEquals("rwx------", OwnerOnly.mode(dir.resolve(d)), d);
        }
        assertEquals("rwxr-xr-x", OwnerOnly.mode(dir), "an existing parent keeps its mode");

        Path open = Files.createDirectory(
                dir.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxr-x")));
        OwnerOnly.directory(open);
        assertEquals("rwx------", OwnerOnly.mode(open), "an existing leaf others could enter is narrowed");

        Path f = OwnerOnly.tempFile(open, "x", ".tmp");
        assertEquals("rw-------", OwnerOnly.mode(f));
        assertFalse(OwnerOnly.othersMayAccess(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw----r--"));
        assertTrue(OwnerOnly.othersMayAccess(f));
    }
}
