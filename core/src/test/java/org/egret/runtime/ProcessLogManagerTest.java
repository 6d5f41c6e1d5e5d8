package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A JVM whose shutdown hook logs once java.util.logging's own hook has had its chance to close the
 * handlers: with {@link ProcessLogManager} the line reaches the file, with the JDK's manager it does
 * not (the control, which shows the test can fail).
 */
class ProcessLogManagerTest {
    @TempDir
    Path dir;

    /** The child: logs a line, then, from a shutdown hook, another one. */
    public static final class LogsWhileStopping {
        public static void main(String[] args) {
            LoggerFactory.getLogger(LogsWhileStopping.class).info("running");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // Wait, with a deadline, for the root logger's handlers to be closed and removed: the
                // JDK's manager does that from its own hook, ours must not
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (java.util.logging.Logger.getLogger("").getHandlers().length > 0
                        && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                LoggerFactory.getLogger(LogsWhileStopping.class).info("stopped");
            }));
        }
    }

    private List<String> run(boolean ourManager) throws Exception {
        Path props = dir.resolve("logging.properties");
        Files.writeString(props, "handlers = " + ProcessLogHandler.class.getName() + "\n.level = INFO\n");
        Path log = dir.resolve(ourManager ? "ours.log" : "jdk.log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Djava.util.logging.config.file=" + props,
                "-D" + ProcessLogHandler.FILE_PROPERTY + "=" + log));
        if (ourManager) {
            cmd.add("-Djava.util.logging.manager=" + ProcessLogManager.class.getName());
        }
        cmd.add(LogsWhileStopping.class.getName());
        Process child = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.out").toFile())
                .start();
        try {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.out")));
        return Files.readAllLines(log);
    }

    @Test
    void linesLoggedWhileTheJvmStopsReachTheLog() throws Exception {
        List<String> lines = run(true);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("LogsWhileStopping - running")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("LogsWhileStopping - stopped")), lines.toString());
    }

    @Test
    void theJdksOwnManagerWouldLoseThem() throws Exception {
        List<String> lines = run(false);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("LogsWhileStopping - running")), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.endsWith("LogsWhileStopping - stopped")), lines.toString());
    }
}
