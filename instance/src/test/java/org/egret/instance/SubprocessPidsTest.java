package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted task ends the multilang subprocesses its earlier incarnation recorded, and only those. */
class SubprocessPidsTest {
    @TempDir
    Path pidDir;

    @Test
    void endsWhatAnEarlierIncarnationLeftAndClearsTheDirectory() throws Exception {
        Process left = new ProcessBuilder("sleep", "60").start();
        try {
            Files.createFile(pidDir.resolve(Long.toString(left.pid())));
            Files.createFile(pidDir.resolve("999999999"));
            Files.createFile(pidDir.resolve("not-a-pid"));

            assertEquals(1, SubprocessPids.endLeftovers(pidDir));

            assertTrue(left.waitFor(5, TimeUnit.SECONDS), "the left subprocess ended");
            try (var s = Files.list(pidDir)) {
                assertEquals(0, s.count());
            }
        } finally {
            left.destroyForcibly();
        }
    }

    @Test
    void leavesAProcessThatReusedTheRecordedPidAlone() throws Exception {
        Process reused = new ProcessBuilder("sleep", "60").start();
        try {
            Path f = Files.createFile(pidDir.resolve(Long.toString(reused.pid())));
            // the file was written long before this process started: its writer is gone and the pid reused
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(3600)));

            assertEquals(0, SubprocessPids.endLeftovers(pidDir));

            assertTrue(reused.isAlive());
            assertFalse(Files.exists(f));
        } finally {
            reused.destroyForcibly();
        }
    }

    @Test
    void noDirectoryNothingToDo() {
        assertEquals(0, SubprocessPids.endLeftovers(pidDir.resolve("missing")));
    }
}
