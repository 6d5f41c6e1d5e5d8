package org.egret.scheduler.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
    @Test
    void bashSeesEveryArgumentAsWrittenWithOnlyTheContainerVariablesExpanded() throws Exception {
        List<String> args = List.of(
                "-Degret.home=$PWD/egret",
                "k=it's a \"value\" with $HOME and *",
                "",
                "$PWD/lib/*",
                "egret.host=$NM_HOST");
        String script = "printf '%s\\n' " + ShellWords.join(args);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script);
        pb.environment().put("NM_HOST", "node-7");
        pb.directory(new java.io.File("/tmp"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals(
                List.of(
                        "-Degret.home=/tmp/egret",
                        "k=it's a \"value\" with $HOME and *",
                        "",
                        "/tmp/lib/*",
                        "egret.host=node-7"),
                List.of(out.split("\n", -1)).subList(0, 5));
    }
}
