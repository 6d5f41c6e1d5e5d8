package org.egret.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.egret.config.CommonKeys;
import org.egret.runtime.ContainerDirs;
import org.egret.runtime.JavaCommand;

/**
 * Runs the user's unmodified Storm main in a child JVM (so a {@code System.exit} or a main that
 * never returns cannot hurt the CLI) and collects what it submitted into {@code outDir}.
 */
final class TopologyCapture {
    static final String CAPTURE_MAIN = "org.egret.storm.submit.CaptureMain";
    /** CaptureMain's flag: the topology may fall back on Java serialization ({@link SubmitKeys}). */
    static final String ALLOW_JAVA_SERIALIZATION = "--allow-java-serialization";

    private final CliContext ctx;

    TopologyCapture(CliContext ctx) {
        this.ctx = ctx;
    }

    void capture(Path jar, String mainClass, String name, List<String> userArgs, Path outDir, int timeoutSec)
            throws IOException, InterruptedException {
        Path log = outDir.resolve("capture.log");
        List<String> args = new ArrayList<>(List.of(
                "--output-dir",
                outDir.toString(),
                "--name",
                name,
                "--main-class",
                mainClass,
                "--timeout-sec",
                Integer.toString(timeoutSec)));
        if (ctx.config().get(SubmitKeys.ALLOW_JAVA_SERIALIZATION)) {
            args.add(ALLOW_JAVA_SERIALIZATION);
        }
        args.add("--");
        args.addAll(userArgs);
        List<String> cmd = JavaCommand.of(ctx.config().get(CommonKeys.JAVA_HOME), CAPTURE_MAIN)
                .role("submit", name)
                .jvmOpts(JavaCommand.ADD_OPENS)
                .jvmOpt("-Dstorm.jar=" + jar.toAbsolutePath())
                .logging(ctx.confDir(), log)
                .egretHome(ctx.egretHome())
                .classpath(jar.toAbsolutePath().toString())
                .args(args)
                .build();
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(outDir.resolve("capture.out").toFile())
                .start();
        if (!p.waitFor(timeoutSec + 30L, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new CliException("the topology's main did not submit within " + timeoutSec + " s");
        }
        Path error = outDir.resolve("error.txt");
        if (Files.exists(error)) {
            throw new CliException(
                    Files.readString(error, StandardCharsets.UTF_8).trim());
        }
        for (String f : List.of(ContainerDirs.LOGICAL_PLAN, ContainerDirs.STORM_TOPOLOGY, ContainerDirs.STORM_CONF)) {
            if (!Files.exists(outDir.resolve(f))) {
                throw new CliException("the topology's main exited (code " + p.exitValue()
                        + ") without submitting a topology; its output is in " + outDir.resolve("capture.out"));
            }
        }
    }
}
