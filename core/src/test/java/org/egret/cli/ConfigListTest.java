package org.egret.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.egret.config.ConfigRegistry;
import org.junit.jupiter.api.Test;

class ConfigListTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return EgretCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void everyKeyWithItsTypeDefaultEffectiveValueAndDoc() {
        assertEquals(0, run("config", "list", "--config-property", "egret.stmgr.heap.mb=300"), err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.contains("egret.stmgr.heap.mb (an integer in [32, 65536])\n"
                        + "    default: 256\n    value:   300  (set)\n    Heap of each Stream Manager JVM.\n"),
                text);
        for (String key : ConfigRegistry.keys().keySet()) {
            assertTrue(text.contains("\n" + key + " (") || text.startsWith(key + " ("), key);
        }
    }

    @Test
    void aClustersFilesGiveTheValues() {
        assertEquals(
                0,
                run(
                        "config",
                        "list",
                        "--cluster",
                        "local",
                        "--config-path",
                        Path.of("..", "conf").toString()),
                err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("egret.metricsmgr.sinks (a list of strings)\n    default: "), text);
        assertTrue(text.contains("    value:   file,tmaster,prometheus  (set)\n"), text);
    }

    @Test
    void badInputIsOneLineAndANonZeroExit() {
        assertEquals(1, run("config", "show"));
        assertEquals("error: usage: egret config list [--cluster C]\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, run("config", "list", "--config-property", "egret.stmgr.heap.mb=1"));
        assertTrue(
                err.toString(StandardCharsets.UTF_8).startsWith("error: config key 'egret.stmgr.heap.mb' must be"),
                err.toString(StandardCharsets.UTF_8));
    }
}
