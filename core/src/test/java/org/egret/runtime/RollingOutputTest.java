package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingOutputTest {
    @TempDir
    Path dir;

    /** What the directory holds; read while the output rolls, so a file may move between list and size. */
    private long totalBytes() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            long sum = 0;
            for (Path p : s.toList()) {
                try {
                    sum += Files.size(p);
                } catch (java.nio.file.NoSuchFileException rolledAway) {
                    // renamed to the next generation (counted if listed under that name) or deleted as the oldest
                }
            }
            return sum;
        }
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void neverKeepsMoreThanTheCapAndTheNewestBytesSurvive() throws Exception {
        Path f = dir.resolve("x.out");
        byte[] chunk = new byte[700];
        try (RollingOutput out = new RollingOutput(f, 1000, 3)) {
            for (int i = 0; i < 50; i++) {
                java.util.Arrays.fill(chunk, (byte) ('a' + i % 26));
                out.write(chunk, 0, chunk.length);
                out.flush();
                assertTrue(totalBytes() <= 3000, "at most 3 files of 1000 bytes, got " + totalBytes());
                assertTrue(Files.size(f) <= 1000);
            }
        }
        assertEquals(List.of("x.out", "x.out.1", "x.out.2"), names());
        // 50 x 700 = 35000 bytes: the live file holds the last 1000 of them, .1 the 1000 before
        byte[] live = Files.readAllBytes(f);
        assertEquals(1000, live.length);
        assertEquals('a' + 49 % 26, live[live.length - 1]);
        assertEquals(1000, Files.size(dir.resolve("x.out.1")));
    }

    @Test
    void appendsToWhatIsThereAndCountsItAgainstTheCap() throws Exception {
        Path f = dir.resolve("y.out");
        Files.write(f, new byte[900]);
        try (RollingOutput out = new RollingOutput(f, 1000, 2)) {
            out.write(new byte[300], 0, 300);
        }
        assertEquals(1000, Files.size(dir.resolve("y.out.1")));
        assertEquals(200, Files.size(f));
    }

    @Test
    void writeWholeNeverSplitsARecord() throws Exception {
        Path f = dir.resolve("m.jsonl");
        try (RollingOutput out = new RollingOutput(f, 100, 2)) {
            for (int i = 0; i < 20; i++) {
                out.writeWhole(
                        String.format("line %02d %s%n", i, "x".repeat(20)).getBytes(StandardCharsets.UTF_8));
            }
        }
        for (String name : names()) {
            List<String> lines = Files.readAllLines(dir.resolve(name));
            assertTrue(lines.stream().allMatch(l -> l.matches("line \\d\\d x{20}")), name + ": " + lines);
            assertTrue(Files.size(dir.resolve(name)) <= 100);
        }
        assertTrue(Files.readString(f).endsWith("line 19 " + "x".repeat(20) + "\n"));
        assertFalse(Files.exists(dir.resolve("m.jsonl.2")));
    }

    @Test
    void oneFileMeansTheOldBytesAreDropped() throws Exception {
        Path f = dir.resolve("z.out");
        try (RollingOutput out = new RollingOutput(f, 10, 1)) {
            out.write("0123456789abc".getBytes(StandardCharsets.US_ASCII), 0, 13);
        }
        assertEquals(List.of("z.out"), names());
        assertEquals("abc", Files.readString(f));
    }

    @Test
    void pumpCopiesAStreamUntilItEnds() throws Exception {
        Path f = dir.resolve("p.out");
        byte[] data = new byte[100_000];
        new java.util.Random(1).nextBytes(data);
        try (RollingOutput out = new RollingOutput(f, 30_000, 2)) {
            Thread t = out.pump(new ByteArrayInputStream(data), "pump-test");
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(t.isAlive());
        }
        // 100000 = 3 x 30000 + 10000: the live file has the last 10000 bytes, .1 the 30000 before
        byte[] live = Files.readAllBytes(f);
        assertEquals(10_000, live.length);
        assertEquals(
                java.util.Arrays.toString(java.util.Arrays.copyOfRange(data, 90_000, 100_000)),
                java.util.Arrays.toString(live));
        assertEquals(30_000, Files.size(dir.resolve("p.out.1")));
    }

    @Test
    void supervisedChildOutputStaysUnderItsCap() throws Exception {
        Path f = dir.resolve("child.out");
        // ~200 KB of output through a 16 KB x 3 cap
        List<String> cmd = List.of(
                "/bin/sh",
                "-c",
                "i=0; while [ $i -lt 4000 ]; do "
                        + "echo \"line $i of a chatty child process, padded to about fifty\"; i=$((i+1)); done");
        try (Supervisor s = new Supervisor(
                new Supervisor.Policy(100_000, 100_000, 0, 1000), new Supervisor.OutputCap(16 * 1024, 3))) {
            s.start(new Supervisor.Spec("chatty", cmd, f));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!s.isFailed("chatty") || !Files.readString(f).contains("line 3999 ")) {
                assertTrue(System.nanoTime() < deadline, "the child's last line never reached " + f);
                assertTrue(totalBytes() <= 3 * 16 * 1024, "output over its cap: " + totalBytes());
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        assertEquals(List.of("child.out", "child.out.1", "child.out.2"), names());
        assertTrue(totalBytes() <= 3 * 16 * 1024);
    }
}
