package org.egret.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.egret.config.EgretConfig;
import org.egret.proto.ExecutionState;
import org.egret.scheduler.TopologyRemoval;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill whose scheduler is gone removes what the execution state names, which anyone who can
 * write the state manager chooses: it deletes a package only inside the uploader's directory and a
 * working directory only inside egret.working.dir, says so in one line when it refuses, and goes on.
 */
class KillRemovesOnlyInsideTest {
    @TempDir
    Path dir;

    private EgretConfig config() {
        return EgretConfig.fromMap(Map.of(
                "egret.statemgr.root",
                dir.resolve("state").toString(),
                "egret.uploader.type",
                "local",
                "egret.uploader.local.dir",
                dir.resolve("packages").toString(),
                "egret.working.dir",
                dir.resolve("topologies").toString(),
                "egret.scheduler.type",
                "local"));
    }

    /** Runs the CLI's clean-up of a topology whose execution state names {@code packageUri}; returns what it printed. */
    private String forceKill(String topology, String packageUri) {
        EgretConfig config = config();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StateManager state = StateManagers.open(config)) {
            state.set(
                    StateKind.EXECUTION_STATE,
                    topology,
                    ExecutionState.newBuilder()
                            .setTopologyName(topology)
                            .setPackageUri(packageUri)
                            .build());
            CliContext ctx = new CliContext(
                    "local", config, dir, dir, Map.of(), false, new PrintStream(out, true, StandardCharsets.UTF_8));
            TopologyCommands.forceCleanUp(ctx, state, topology);
            assertTrue(
                    state.get(StateKind.EXECUTION_STATE, topology, ExecutionState.parser())
                            .isEmpty(),
                    "the state is removed all the same");
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String unique(String what) {
        return "guard-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aPackageOutsideTheUploadersDirectoryIsRefusedAndTheRestRemoved() throws Exception {
        Path packages = Files.createDirectories(dir.resolve("packages"));
        Path outside =
                Files.write(Files.createDirectories(dir.resolve("x")).resolve("topology.tar.gz"), new byte[] {1});
        Path target =
                Files.write(Files.createDirectories(dir.resolve("elsewhere")).resolve("keep"), new byte[] {2});

        String etc = unique("etc");
        Path workDir =
                Files.createDirectories(dir.resolve("topologies").resolve(etc).resolve("container-1"));
        String said = forceKill(etc, "file:///etc");
        assertTrue(Files.isDirectory(Path.of("/etc")));
        assertEquals(
                List.of("warning: refusing to delete the package file:///etc: it is not inside this cluster's "
                        + "uploader directory"),
                lines(said));
        assertFalse(Files.exists(workDir.getParent()), "the working directory is removed all the same");

        String dotDot = unique("dotdot");
        said = forceKill(dotDot, packages.toUri() + "../x/topology.tar.gz");
        assertTrue(Files.exists(outside), "<root>/../x is left alone");
        assertEquals(1, lines(said).size(), said);
        assertTrue(said.contains("refusing to delete the package"), said);

        String link = unique("link");
        Path linkDir = Files.createDirectories(packages.resolve(link));
        Files.createSymbolicLink(linkDir.resolve("topology.tar.gz"), target);
        said = forceKill(link, linkDir.resolve("topology.tar.gz").toUri().toString());
        assertTrue(Files.exists(target), "the link's target outside the root is left alone");
        assertTrue(said.contains("refusing to delete the package"), said);
        Path dirLink = Files.createSymbolicLink(packages.resolve(link + "-dir"), target.getParent());
        said = forceKill(link, dirLink.toUri() + "keep");
        assertTrue(Files.exists(target), "a file through a linked directory is left alone");
        assertTrue(said.contains("refusing to delete the package"), said);

        String valid = unique("valid");
        Path pkg = Files.write(
                Files.createDirectories(packages.resolve(valid)).resolve("topology.tar.gz"), new byte[] {3});
        said = forceKill(valid, pkg.toUri().toString());
        assertEquals("", said);
        assertFalse(Files.exists(pkg.getParent()), "a package inside the root goes, with its directory");
        assertTrue(Files.isDirectory(packages), "the root itself stays");

        said = forceKill(unique("root"), packages.toUri().toString());
        assertTrue(said.contains("refusing to delete the package"), "the root itself is not inside it: " + said);
        assertTrue(Files.isDirectory(packages));
    }

    @Test
    void aWorkingDirectoryOutsideTheConfiguredOneIsRefused() throws Exception {
        Path working = Files.createDirectories(dir.resolve("topologies"));
        Path outside = Files.createDirectories(dir.resolve("outside").resolve("logs"));
        Files.createSymbolicLink(working.resolve("linked"), outside.getParent());
        List<String> said = new ArrayList<>();

        TopologyRemoval.deleteWorkingDir(working.resolve(".."), config(), said::add);
        TopologyRemoval.deleteWorkingDir(working.resolve("linked"), config(), said::add);
        TopologyRemoval.deleteWorkingDir(working, config(), said::add);
        assertTrue(Files.exists(outside) && Files.isDirectory(working), "nothing outside is touched");
        assertEquals(3, said.size(), said.toString());
        assertTrue(said.stream().allMatch(l -> l.startsWith("refusing to delete ")), said.toString());

        Path inside = Files.createDirectories(working.resolve("t").resolve("container-0"));
        TopologyRemoval.deleteWorkingDir(working.resolve("t"), config(), said::add);
        assertFalse(Files.exists(inside.getParent()));
        assertEquals(3, said.size(), said.toString());
    }

    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }
}
