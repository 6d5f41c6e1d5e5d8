package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLogHandlerTest {
    @TempDir
    Path dir;

    private static LogRecord record(Level level, String logger, String message) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        return r;
    }

    @Test
    void linesReadAsTheyDidWithLevelsNamedAsSlf4jNamesThem() {
        LogLineFormatter f = new LogLineFormatter();
        String line = f.format(record(Level.WARNING, "org.egret.stmgr.StreamManager", "slow {0}"));
        assertTrue(
                line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d,\\d{3} WARN  \\["
                        + Thread.currentThread().getName() + "\\] StreamManager - slow \\{0\\}\n"),
                line);
        assertEquals("ERROR", LogLineFormatter.levelName(Level.SEVERE));
        assertEquals("INFO", LogLineFormatter.levelName(Level.INFO));
        assertEquals("DEBUG", LogLineFormatter.levelName(Level.FINE));
        assertEquals("TRACE", LogLineFormatter.levelName(Level.FINEST));
        assertEquals("INFO  x - hi\n", new LogLineFormatter.Brief().format(record(Level.INFO, "a.b.x", "hi")));
    }

    @Test
    void aThrowableFollowsItsLine() {
        LogRecord r = record(Level.SEVERE, "x", "failed");
        r.setThrown(new IllegalStateException("boom"));
        String text = new LogLineFormatter.Brief().format(r);
        assertTrue(text.startsWith("ERROR x - failed\njava.lang.IllegalStateException: boom\n\tat "), text);
    }

    @Test
    void rollsWholeLinesAndKeepsItsFiles() throws Exception {
        Path file = dir.resolve("logs").resolve("task-1.log");
        ProcessLogHandler handler = new ProcessLogHandler(file, 1024, 3);
        try {
            for (int i = 0; i < 200; i++) {
                handler.publish(record(Level.INFO, "t", "line " + i));
            }
        } finally {
            handler.close();
        }
        List<Path> files;
        try (var list = Files.list(file.getParent())) {
            files = list.sorted().toList();
        }
        assertEquals(List.of(file, dir.resolve("logs/task-1.log.1"), dir.resolve("logs/task-1.log.2")), files);
        for (Path f : files) {
            assertTrue(Files.size(f) <= 1024, f + " " + Files.size(f));
            for (String line : Files.readAllLines(f)) {
                assertTrue(line.matches(".* INFO  \\[.*\\] t - line \\d+"), line);
            }
        }
        List<String> live = Files.readAllLines(file);
        assertTrue(live.get(live.size() - 1).endsWith("line 199"), live.toString());
        assertFalse(Files.readString(dir.resolve("logs/task-1.log.2")).contains("line 199 "));
    }

    @Test
    void levelsBelowTheHandlersAreDropped() throws Exception {
        Path file = dir.resolve("x.log");
        ProcessLogHandler handler = new ProcessLogHandler(file, 1 << 20, 2);
        handler.setLevel(Level.WARNING);
        handler.publish(record(Level.INFO, "t", "quiet"));
        handler.publish(record(Level.SEVERE, "t", "loud"));
        handler.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(
                lines.get(0).endsWith("ERROR [" + Thread.currentThread().getName() + "] t - loud"), lines.toString());
    }
}
